// The layer table of docs/ARCHITECTURE.md, enforced. "may import" lists the only inward arrows.
const layer = (name, allowed) => ({
  name: `layer-${name}`,
  comment: `src/${name} may import only: ${allowed.join(', ') || 'nothing'} (ARCHITECTURE.md)`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/${name}/`, ...allowed.map((a) => `^src/${a}/`)],
  },
});

module.exports = {
  forbidden: [
    layer('util', []),
    layer('config', ['util']),
    layer('sim', ['util']),
    layer('kube', ['config', 'util']),
    layer('resources', ['util', 'kube', 'keys']),
    layer('store', ['resources', 'kube', 'config', 'util']),
    layer('keys', ['config', 'util']),
    layer('ui', ['store', 'resources', 'keys', 'config', 'util', 'kube']),
    {
      name: 'resources-only-kube-types',
      comment: 'resources/ may import kube types only',
      severity: 'error',
      from: { path: '^src/resources/' },
      to: { path: '^src/kube/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'resources-only-keys-types',
      comment: 'resources/ may import keys types only (a capability names the command whose keys run it)',
      severity: 'error',
      from: { path: '^src/resources/' },
      to: { path: '^src/keys/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'ui-only-kube-types',
      comment: 'ui/ may import kube types only',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/kube/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-ui-imports-ink-react',
      comment: 'only src/ui (and the composition root src/cli) may import ink or react',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(ui|cli)/' },
      to: { path: 'node_modules/(ink|react|react-dom|ink-testing-library)/' },
    },
    {
      name: 'only-kube-imports-client-node',
      comment: 'only src/kube may import @kubernetes/client-node',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/kube/' },
      to: { path: 'node_modules/@kubernetes/client-node/' },
    },
    {
      name: 'bin-only-cli',
      severity: 'error',
      from: { path: '^bin/' },
      to: { path: '^src/', pathNot: '^src/cli/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'src-not-to-test', severity: 'error', from: { path: '^src/' }, to: { path: '^test/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
