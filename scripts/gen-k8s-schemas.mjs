// Generates src/sim/schema/k8s-1.32.json from the upstream Kubernetes 1.32 OpenAPI v2 document
// (kubernetes/kubernetes release-1.32 `api/openapi-spec/swagger.json`; the kubernetes-client/python
// tag v32.0.1 carries the same file as `kubernetes/swagger.json.unprocessed`).
//
//   node scripts/gen-k8s-schemas.mjs path/to/swagger.json
//
// What it keeps: every definition reachable from a kind of a stable group version (v1, v2, ...), as
// OpenAPI v3 component schemas (the conversion kube-openapi's openapiconv does: `#/definitions/` refs
// become `#/components/schemas/`, and a $ref with siblings is wrapped in allOf), descriptions included
// (kubectl explain prints them). The paths are dropped: the simulator writes its own for what it serves.
// The output is committed; the build cannot reach the network.
//
// Why not an npm package: none carries the Kubernetes 1.32 schemas with their descriptions (which
// `kubectl explain` prints). kubernetes-models ships ajv-compiled validators without descriptions (and
// cannot be served), kubernetes-types and @kubernetes/client-node only TypeScript types. So the
// upstream document itself, trimmed (718 KiB, 140 KiB gzipped), loaded lazily by the simulator.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = process.argv[2];
if (!src) {
  process.stderr.write('usage: node scripts/gen-k8s-schemas.mjs path/to/swagger.json\n');
  process.exit(2);
}
const swagger = JSON.parse(readFileSync(src, 'utf8'));
const defs = swagger.definitions;
const STABLE = /^v\d+$/;

const kinds = {};
for (const [name, d] of Object.entries(defs)) {
  const gvks = d['x-kubernetes-group-version-kind'];
  if (!Array.isArray(gvks) || gvks.length !== 1) continue;
  const { group, version, kind } = gvks[0];
  if (!STABLE.test(version) || kind.endsWith('List')) continue;
  kinds[`${group}/${version}/${kind}`] = name;
}

const keep = new Set();
const visit = (name) => {
  if (keep.has(name)) return;
  keep.add(name);
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') visit(x.replace('#/definitions/', ''));
        else walk(x);
      }
  };
  walk(defs[name]);
};
Object.values(kinds).forEach(visit);

function toV3(v) {
  if (Array.isArray(v)) return v.map(toV3);
  if (!v || typeof v !== 'object') return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] =
      k === '$ref' && typeof x === 'string' ? x.replace('#/definitions/', '#/components/schemas/') : toV3(x);
  }
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

// Types whose Go type declares OpenAPIV3OneOfTypes: v3 describes them as oneOf, not as a string (kubectl
// explain then names them: <IntOrString>, <Quantity>).
const ONE_OF = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': ['integer', 'string'],
  'io.k8s.apimachinery.pkg.api.resource.Quantity': ['string', 'number'],
};
const schemas = {};
for (const name of [...keep].sort()) {
  schemas[name] = toV3(defs[name]);
  if (ONE_OF[name]) {
    delete schemas[name].type;
    schemas[name].oneOf = ONE_OF[name].map((type) => ({ type }));
  }
}
const out = {
  kubernetes: '1.32',
  source: 'kubernetes/kubernetes release-1.32 api/openapi-spec/swagger.json',
  kinds,
  schemas,
};
const file = join(root, 'src/sim/schema/k8s-1.32.json');
writeFileSync(file, JSON.stringify(out));
process.stdout.write(
  `${Object.keys(kinds).length} kinds, ${keep.size} schemas, ${(JSON.stringify(out).length / 1024).toFixed(0)} KiB → ${file}\n`,
);
