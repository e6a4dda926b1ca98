// What the bundle gets for `import … from 'undici'` (scripts/build-options.mjs): the parts of undici's
// index that kubedeck (src/kube/transport.ts, http-pool.ts, connector.ts) and client-node's KubeConfig use,
// set up as the index sets them up. The index also loads fetch, WebSocket, EventSource, the cache stores,
// the mocks and the cookie helpers, with the Node built-ins they need: ≈5 MB of RSS at start-up that
// kubedeck never uses (issue 10). Tests run the TypeScript with the whole package; the bundle runs this
// (test/cli/bundle-memory.test.ts runs the transport's tests on it). An ES module, so that a name the
// bundled code imports and this does not export fails the build.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import Client from 'undici/lib/dispatcher/client.js';
import Pool from 'undici/lib/dispatcher/pool.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import errors from 'undici/lib/core/errors.js';
import util from 'undici/lib/core/util.js';
import api from 'undici/lib/api/index.js';
import buildConnector from 'undici/lib/core/connect.js';
import undiciGlobal from 'undici/lib/global.js';

const { InvalidArgumentError } = errors;
const { getGlobalDispatcher, setGlobalDispatcher } = undiciGlobal;

// as undici's index does: every dispatcher gets request, stream, pipeline, upgrade and connect
// (ProxyAgent reaches its proxy with connect)
Object.assign(Dispatcher.prototype, api);

export {
  Dispatcher,
  Client,
  Pool,
  Agent,
  ProxyAgent,
  EnvHttpProxyAgent,
  buildConnector,
  errors,
  getGlobalDispatcher,
  setGlobalDispatcher,
};
export const request = makeDispatcher(api.request);
export const stream = makeDispatcher(api.stream);
/** Named by client-node modules that kubedeck's bundle leaves out (watch, log, metrics, health); never called. */
export function fetch() {
  throw new Error("undici's fetch is not in kubedeck's bundle (scripts/undici-slim.mjs)");
}

// undici's index.js (MIT, Copyright (c) Matteo Collina and Undici contributors), unchanged
function makeDispatcher(fn) {
  return (url, opts, handler) => {
    if (typeof opts === 'function') {
      handler = opts;
      opts = null;
    }

    if (!url || (typeof url !== 'string' && typeof url !== 'object' && !(url instanceof URL))) {
      throw new InvalidArgumentError('invalid url');
    }

    if (opts != null && typeof opts !== 'object') {
      throw new InvalidArgumentError('invalid opts');
    }

    if (opts && opts.path != null) {
      if (typeof opts.path !== 'string') {
        throw new InvalidArgumentError('invalid opts.path');
      }

      let path = opts.path;
      if (!opts.path.startsWith('/')) {
        path = `/${path}`;
      }

      url = new URL(util.parseOrigin(url).origin + path);
    } else {
      if (!opts) {
        opts = typeof url === 'object' ? url : {};
      }

      url = util.parseURL(url);
    }

    const { agent, dispatcher = getGlobalDispatcher(), ...restOpts } = opts;

    if (agent) {
      throw new InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?');
    }

    return fn.call(
      dispatcher,
      {
        ...restOpts,
        origin: url.origin,
        path: url.search ? `${url.pathname}${url.search}` : url.pathname,
        method: opts.method || (opts.body ? 'PUT' : 'GET'),
      },
      handler,
    );
  };
}
