import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frame, parseExitStatus, portPrefix, resizeFrame, stdinEofFrame } from '../../../src/kube/exec/channel.js';

test('frames carry their channel in byte 0', () => {
  assert.deepEqual([...frame(0, 'ls\r')], [0, 0x6c, 0x73, 0x0d]);
  assert.deepEqual([...frame(1, Buffer.from([0xff, 0]))], [1, 0xff, 0]);
  assert.equal(resizeFrame(120.7, 40).toString('utf8', 1), '{"Width":120,"Height":40}');
  assert.deepEqual(resizeFrame(0, -3).toString('utf8', 1), '{"Width":1,"Height":1}');
  assert.deepEqual([...stdinEofFrame()], [255, 0]);
  assert.deepEqual([...portPrefix(8080)], [0x90, 0x1f]);
});

test('exit status: success, non-zero code, a runtime that cannot start the command, garbage', () => {
  assert.deepEqual(parseExitStatus('{"metadata":{},"status":"Success"}'), { exitCode: 0, notFound: false });
  const fail = parseExitStatus(
    JSON.stringify({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    }),
  );
  assert.equal(fail.exitCode, 3);
  assert.equal(fail.notFound, false);
  const missing = parseExitStatus(
    JSON.stringify({
      metadata: {},
      status: 'Failure',
      reason: 'InternalError',
      message:
        'Internal error occurred: error executing command in container: failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown',
    }),
  );
  assert.equal(missing.exitCode, undefined);
  assert.equal(missing.notFound, true);
  // exit code 127 from the process itself (sh: foo: not found) is a run, not a missing shell
  assert.equal(parseExitStatus('{"status":"Failure","reason":"NonZeroExitCode","message":"not found","details":{"causes":[{"reason":"ExitCode","message":"127"}]}}').notFound, false);
  assert.deepEqual(parseExitStatus('not json'), { exitCode: undefined, message: 'not json', notFound: false });
});
