#!/usr/bin/env node
// Writes src/sim/protobuf/schema/*.ts: the protobuf field tables of the built-in kinds the simulator
// decodes, in our own compact notation (see src/sim/protobuf/schema.ts). The facts (field numbers, JSON
// names, Go pointer-ness and omitempty) are read from the struct tags of the upstream Go API types, the
// same tags the upstream generated.proto files are made from:
//
//   node scripts/protobuf-tables.mjs --api <git dir of kubernetes/api> --machinery <git dir of kubernetes/apimachinery> [--ref v0.32.13]
//
// Nothing upstream is copied: only the tables are written, one message a line.

import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const API = opt('api');
const MACHINERY = opt('machinery');
const REF = opt('ref', 'v0.32.13');
if (!API || !MACHINERY) {
  process.stderr.write('usage: protobuf-tables.mjs --api DIR --machinery DIR [--ref TAG]\n');
  process.exit(2);
}
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'sim', 'protobuf', 'schema');

/** Our package ids and where their Go sources are. */
const PACKAGES = {
  'meta/v1': [MACHINERY, 'pkg/apis/meta/v1'],
  ...Object.fromEntries(
    [
      'core/v1',
      'apps/v1',
      'batch/v1',
      'networking/v1',
      'storage/v1',
      'discovery/v1',
      'coordination/v1',
      'policy/v1',
      'autoscaling/v1',
      'autoscaling/v2',
      'rbac/v1',
      'scheduling/v1',
      'events/v1',
      'authorization/v1',
      'authentication/v1',
    ].map((p) => [p, [API, p]]),
  ),
};

/** The kinds a client may send, per package (meta/v1 DeleteOptions is sent under every group version). */
const ROOTS = {
  'core/v1': [
    'Pod',
    'Service',
    'Endpoints',
    'Namespace',
    'Node',
    'Event',
    'ConfigMap',
    'Secret',
    'ServiceAccount',
    'PersistentVolumeClaim',
    'PersistentVolume',
    'ResourceQuota',
    'LimitRange',
    'ReplicationController',
    'PodTemplate',
    'Binding',
  ],
  'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
  'batch/v1': ['Job', 'CronJob'],
  'networking/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'storage/v1': ['StorageClass'],
  'discovery/v1': ['EndpointSlice'],
  'coordination/v1': ['Lease'],
  'policy/v1': ['PodDisruptionBudget', 'Eviction'],
  'autoscaling/v1': ['HorizontalPodAutoscaler', 'Scale'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'rbac/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'scheduling/v1': ['PriorityClass'],
  'events/v1': ['Event'],
  'authorization/v1': [
    'SelfSubjectAccessReview',
    'SelfSubjectRulesReview',
    'SubjectAccessReview',
    'LocalSubjectAccessReview',
  ],
  'authentication/v1': ['TokenRequest', 'TokenReview', 'SelfSubjectReview'],
  'meta/v1': ['DeleteOptions'],
};

/** Types with their own JSON form, decoded by hand (src/sim/protobuf/special.ts). */
const SPECIAL = new Set([
  'meta/v1.Time',
  'meta/v1.MicroTime',
  'meta/v1.Duration',
  'meta/v1.FieldsV1',
  'resource.Quantity',
  'intstr.IntOrString',
  'runtime.RawExtension',
  'authentication/v1.ExtraValue',
  'authorization/v1.ExtraValue',
]);
const EXTERNAL_SCALARS = { 'types.UID': 's', 'types.NodeName': 's' };
const BUILTIN = { string: 's', bool: 'b', int32: 'i32', int64: 'i64', int: 'i64' };

/** `git` on a repository's git directory (a clone's .git, or a bare mirror). */
function git(dir, ...a) {
  return execFileSync('git', ['--git-dir', dir, ...a], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

function importPathToPkg(path) {
  let m = /^k8s\.io\/api\/([a-z0-9.]+\/v[0-9a-z]+)$/.exec(path);
  if (m) return m[1];
  if (path === 'k8s.io/apimachinery/pkg/apis/meta/v1') return 'meta/v1';
  m = /^k8s\.io\/apimachinery\/pkg\/(?:api\/|util\/)?([a-z]+)$/.exec(path);
  return m ? m[1] : undefined;
}

/** Structs, named types and imports of one package, from its non-test Go files. */
function loadPackage(id) {
  const [repo, dir] = PACKAGES[id];
  const root = repo;
  const files = git(root, 'ls-tree', '--name-only', REF, `${dir}/`)
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !/generated|zz_/.test(f));
  const structs = new Map();
  const named = new Map();
  const imports = new Map();
  for (const f of files) {
    const text = git(root, 'show', `${REF}:${f}`);
    for (const m of text.matchAll(/^\s*(?:(\w+)\s+)?"([^"]+)"\s*$/gm)) {
      const pkg = importPathToPkg(m[2]);
      if (pkg) imports.set(m[1] ?? m[2].split('/').pop(), pkg);
    }
    for (const m of text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) structs.set(m[1], m[2]);
    for (const m of text.matchAll(/^type (\w+) =? ?([^\s{]+)\s*$/gm)) named.set(m[1], m[2]);
  }
  return { id, structs, named, imports };
}

const packages = new Map(Object.keys(PACKAGES).map((id) => [id, loadPackage(id)]));

/** A Go type in package `pkg` as our type token (without flags). */
function resolve(pkg, goType) {
  if (goType.startsWith('*')) return resolve(pkg, goType.slice(1));
  if (goType === '[]byte') return 'y';
  if (goType.startsWith('[]')) return `[]${resolve(pkg, goType.slice(2))}`;
  const map = /^map\[([^\]]+)\](.+)$/.exec(goType);
  if (map) {
    if (resolve(pkg, map[1]) !== 's') throw new Error(`map key ${goType} in ${pkg.id}`);
    return `{}${resolve(pkg, map[2])}`;
  }
  if (BUILTIN[goType]) return BUILTIN[goType];
  const dot = goType.indexOf('.');
  if (dot > 0) {
    const other = pkg.imports.get(goType.slice(0, dot));
    if (!other) throw new Error(`unknown import in ${goType} (${pkg.id})`);
    const name = goType.slice(dot + 1);
    const q = `${other}.${name}`;
    if (SPECIAL.has(q)) return q;
    if (EXTERNAL_SCALARS[q]) return EXTERNAL_SCALARS[q];
    const p = packages.get(other);
    if (!p) throw new Error(`package ${other} not loaded (${goType} in ${pkg.id})`);
    return resolve(p, name);
  }
  const q = `${pkg.id}.${goType}`;
  if (SPECIAL.has(q)) return q;
  if (pkg.structs.has(goType)) return q;
  const under = pkg.named.get(goType);
  if (under) return resolve(pkg, under);
  throw new Error(`cannot resolve ${goType} in ${pkg.id}`);
}

const isPointerOrRef = (goType) => goType.startsWith('*');

/** The fields of a struct: [jsonName|'^', number, type, flags]. */
function fieldsOf(pkg, name) {
  const body = pkg.structs.get(name);
  const out = [];
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^(?:(\w+)\s+)?(\S+)\s+`([^`]*)`$/.exec(line);
    if (!m) continue;
    const tags = m[3];
    const pb = /protobuf:"([^"]*)"/.exec(tags);
    if (!pb || pb[1] === '-') continue;
    const parts = pb[1].split(',');
    const num = Number(parts[1]);
    const json = /json:"([^"]*)"/.exec(tags)?.[1] ?? '';
    const [jsonName, ...jsonOpts] = json.split(',');
    if (jsonName === '-') continue;
    const goType = m[2];
    const inline = jsonOpts.includes('inline');
    const type = resolve(pkg, goType);
    let flags = '';
    if (isPointerOrRef(goType)) flags += '?';
    if (!jsonOpts.includes('omitempty') && !inline) flags += '!';
    const fieldName = inline ? '^' : jsonName;
    if (!inline && !fieldName) throw new Error(`no json name: ${pkg.id}.${name} ${line}`);
    out.push([fieldName, num, type, flags]);
  }
  return out;
}

// walk from the roots
const messages = new Map(); // qualified name -> fields
const queue = [];
for (const [pkg, kinds] of Object.entries(ROOTS)) for (const k of kinds) queue.push(`${pkg}.${k}`);
while (queue.length > 0) {
  const q = queue.shift();
  if (messages.has(q) || SPECIAL.has(q)) continue;
  const dot = q.lastIndexOf('.');
  const pkg = packages.get(q.slice(0, dot));
  const fields = fieldsOf(pkg, q.slice(dot + 1));
  messages.set(q, fields);
  for (const [, , type] of fields) {
    const base = type.replace(/^(\[\]|\{\})+/, '');
    if (base.includes('.')) queue.push(base);
  }
}

// Cross-check every table against the package's generated.proto (the other upstream form of the same
// facts): same field numbers, names, repeated/map shape and types, in both directions.
function protoMessages(id) {
  const [repo, dir] = PACKAGES[id];
  const text = git(repo, 'show', `${REF}:${dir}/generated.proto`).replace(/\/\/.*$/gm, '');
  const out = new Map();
  for (const m of text.matchAll(/^message (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields = new Map();
    for (const f of m[2].matchAll(
      /^\s*(optional|repeated)?\s*(map<\s*string,\s*([\w.]+)>|[\w.]+)\s+(\w+)\s*=\s*(\d+);/gm,
    )) {
      const isMap = f[2].startsWith('map<');
      fields.set(Number(f[5]), {
        shape: isMap ? 'map' : f[1] === 'repeated' ? 'list' : 'one',
        type: (isMap ? f[3] : f[2]).split('.').pop(),
        name: f[4],
      });
    }
    out.set(m[1], fields);
  }
  return out;
}
const PROTO_SCALAR = { string: 's', bool: 'b', int32: 'i32', int64: 'i64', bytes: 'y' };
const protoCache = new Map();
const problems = [];
for (const [q, fields] of messages) {
  const dot = q.lastIndexOf('.');
  const pkg = q.slice(0, dot);
  if (!protoCache.has(pkg)) protoCache.set(pkg, protoMessages(pkg));
  const proto = protoCache.get(pkg).get(q.slice(dot + 1));
  if (!proto) {
    problems.push(`${q}: no message in generated.proto`);
    continue;
  }
  const ours = new Map(fields.map((f) => [f[1], f]));
  for (const [num, pf] of proto) {
    const f = ours.get(num);
    if (!f) {
      problems.push(`${q}: field ${num} (${pf.name}) missing from our table`);
      continue;
    }
    const [name, , type] = f;
    const shape = type.startsWith('[]') && type !== '[]' ? 'list' : type.startsWith('{}') ? 'map' : 'one';
    const base = type.replace(/^(\[\]|\{\})/, '');
    const want = PROTO_SCALAR[pf.type] ?? pf.type;
    const got = base.split('.').pop();
    // a named slice type (ExtraValue) is a message in the proto; types.go gives its items
    if (shape !== pf.shape) problems.push(`${q}.${pf.name}: shape ${shape}, proto ${pf.shape}`);
    if (got !== want) problems.push(`${q}.${pf.name}: type ${base}, proto ${pf.type}`);
    // the proto name follows the Go field name (aPIGroup, uID) where the JSON name does not
    if (name !== '^' && name.toLowerCase() !== pf.name.toLowerCase())
      problems.push(`${q} ${num}: name ${name}, proto ${pf.name}`);
  }
  for (const num of ours.keys())
    if (!proto.has(num)) problems.push(`${q}: field ${num} not in generated.proto`);
}
if (problems.length > 0) {
  process.stderr.write(`tables disagree with generated.proto:\n${problems.join('\n')}\n`);
  process.exit(1);
}

// write one module per package
mkdirSync(OUT, { recursive: true });
const byPkg = new Map();
for (const [q, fields] of messages) {
  const dot = q.lastIndexOf('.');
  const pkg = q.slice(0, dot);
  const list = byPkg.get(pkg) ?? [];
  list.push([q.slice(dot + 1), fields]);
  byPkg.set(pkg, list);
}
const constName = (pkg) => pkg.replace(/[/.-]/g, '_').toUpperCase();
const fileName = (pkg) => pkg.replace(/[/.]/g, '-');
const index = [];
for (const [pkg, list] of [...byPkg].sort(([a], [b]) => a.localeCompare(b))) {
  list.sort(([a], [b]) => a.localeCompare(b));
  const lines = [];
  for (const [name, fields] of list) {
    const tokens = fields.map(([n, num, type, flags]) => {
      const t =
        type.startsWith(`${pkg}.`) || type.replace(/^(\[\]|\{\})+/, '').startsWith(`${pkg}.`)
          ? type.replace(`${pkg}.`, '')
          : type;
      return `${n}:${num}:${t}${flags}`;
    });
    let line = name;
    for (const tok of tokens) {
      if (line.length + tok.length + 1 > 104) {
        lines.push(line);
        line = '  ';
      }
      line += line.trim() ? ` ${tok}` : tok;
    }
    lines.push(line);
  }
  // modules stay short: a large package is split into parts, joined again in index.ts
  const parts = [];
  for (let i = 0; i < lines.length;) {
    let j = Math.min(lines.length, i + 180);
    while (j < lines.length && lines[j].startsWith(' ')) j++; // keep a message's lines together
    parts.push(lines.slice(i, j));
    i = j;
  }
  const names = [];
  parts.forEach((part, n) => {
    const suffix = n === 0 ? '' : `-${n + 1}`;
    const name = `${constName(pkg)}${suffix.replace('-', '_')}`;
    const text =
      `// Protobuf fields of ${pkg} messages${parts.length > 1 ? ` (part ${n + 1} of ${parts.length})` : ''}, one message a line:\n` +
      `// \`Message name:number:type ...\` (notation in ../schema.ts). Written by scripts/protobuf-tables.mjs\n` +
      `// from the Go struct tags of the upstream API types (${REF}); re-run it rather than edit by hand.\n\n` +
      `export const ${name} = \`\n${part.join('\n')}\n\`;\n`;
    writeFileSync(join(OUT, `${fileName(pkg)}${suffix}.ts`), text);
    names.push([name, `${fileName(pkg)}${suffix}`]);
  });
  index.push([pkg, names]);
}
const roots = Object.entries(ROOTS)
  .map(([pkg, kinds]) => `  '${pkg}': [${kinds.map((k) => `'${k}'`).join(', ')}],`)
  .join('\n');
writeFileSync(
  join(OUT, 'index.ts'),
  `// The packages of the protobuf tables and the kinds a request body may carry. Written by\n` +
    `// scripts/protobuf-tables.mjs (${REF}).\n\n` +
    index.flatMap(([, names]) => names.map(([c, f]) => `import { ${c} } from './${f}.js';`)).join('\n') +
    `\n\n/** Package id → its table text. */\nexport const TABLES: Readonly<Record<string, string>> = {\n` +
    index.map(([p, names]) => `  '${p}': ${names.map(([c]) => c).join(' + ')},`).join('\n') +
    `\n};\n\n/** Package id → the kinds a request body may be. */\nexport const ROOTS: Readonly<Record<string, readonly string[]>> = {\n${roots}\n};\n`,
);
// the house format, so that a re-run changes nothing unless the tables do
execFileSync(join(OUT, '..', '..', '..', '..', 'node_modules', '.bin', 'prettier'), ['--write', OUT], {
  stdio: 'ignore',
});
process.stdout.write(`${messages.size} messages in ${index.length} packages\n`);
