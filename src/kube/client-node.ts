// The only parts of @kubernetes/client-node kubedeck uses at run time, named so that the bundler keeps
// just these and what they reach: a dynamic import() of the package's namespace kept all of it (3 MB of
// generated API classes and models, ≈20 MB of heap and code once loaded). Loaded lazily by transport.ts.
export { KubeConfig, RequestContext } from '@kubernetes/client-node';
