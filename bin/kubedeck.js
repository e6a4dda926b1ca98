#!/usr/bin/env node
// kubedeck launcher. Kept free of modern syntax so that any old Node can run it far enough to say
// which Node it found and what to do; then it loads the built entry (no TypeScript at run time).
var parts = process.versions.node.split('.').map(Number);
var major = parts[0] || 0;
var minor = parts[1] || 0;
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    'kubedeck: needs Node.js >= 22.19 but found ' +
      process.version +
      ' at ' +
      process.execPath +
      '; install Node 22 or newer (https://nodejs.org/en/download, or: nvm install 22)\n',
  );
  process.exit(1);
}
if (!process.env.NODE_ENV) process.env.NODE_ENV = 'production';
import('../dist/cli.js').then(
  function (m) {
    return m.main(process.argv.slice(2));
  },
  function (err) {
    var missing = err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).indexOf('dist/cli.js') >= 0;
    process.stderr.write(
      missing
        ? 'kubedeck: the built entry dist/cli.js is missing; run `npm run build` in a source checkout\n'
        : 'kubedeck: failed to start: ' + (err && err.message ? err.message : String(err)) + '\n',
    );
    process.exit(1);
  },
);
