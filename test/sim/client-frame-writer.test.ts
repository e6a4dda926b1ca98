// The frame writer of exec, attach and port-forward: one frame in flight at a time, the first only after
// the handshake response was written, the close frame after every queued frame, callbacks always run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { frameWriter } from '../../src/sim/exec/frame-writer.js';

/** A WebSocket whose writes complete only when the test says so. */
class FakeWs extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  log: string[] = [];
  pending: (() => void)[] = [];
  send(data: Buffer, cb: () => void): void {
    this.log.push(`send ${data.toString()}`);
    this.pending.push(cb);
  }
  close(code: number): void {
    this.log.push(`close ${code}`);
    this.readyState = 2;
  }
  /** Complete the oldest write. */
  flush(): void {
    this.pending.shift()?.();
  }
}

function setup(): { ws: FakeWs; handshake: () => void; out: ReturnType<typeof frameWriter> } {
  const ws = new FakeWs();
  let written: (() => void) | undefined;
  const socket = {
    writable: true,
    write: (_b: Buffer, cb: () => void) => (written = cb),
  } as unknown as Duplex;
  const out = frameWriter(ws as unknown as WebSocket, socket);
  return { ws, out, handshake: () => written?.() };
}

test('frames go out one at a time, after the handshake, and the close after all of them', () => {
  const { ws, out, handshake } = setup();
  const done: string[] = [];
  out.send(Buffer.from('a'), () => done.push('a'));
  out.send(Buffer.from('b'), () => done.push('b'));
  out.close(1000);
  out.send(Buffer.from('late'), () => done.push('late'));
  assert.deepEqual(ws.log, [], 'nothing before the 101 response is out');
  assert.deepEqual(done, ['late'], 'a frame after close is dropped, its callback run');
  handshake();
  assert.deepEqual(ws.log, ['send a'], 'only one frame in flight');
  ws.flush();
  assert.deepEqual(ws.log, ['send a', 'send b']);
  assert.equal(out.open(), false, 'closing');
  ws.flush();
  assert.deepEqual(ws.log, ['send a', 'send b', 'close 1000']);
  assert.deepEqual(done, ['late', 'a', 'b']);
});

test('when the socket closes, queued frames are dropped with their callbacks run', () => {
  const { ws, out, handshake } = setup();
  const done: string[] = [];
  handshake();
  out.send(Buffer.from('a'), () => done.push('a'));
  out.send(Buffer.from('b'), () => done.push('b'));
  out.send(Buffer.from('c'), () => done.push('c'));
  ws.readyState = 3;
  ws.emit('close');
  assert.deepEqual(done, ['b', 'c']);
  ws.flush();
  assert.deepEqual(done, ['b', 'c', 'a']);
  assert.deepEqual(ws.log, ['send a']);
});
