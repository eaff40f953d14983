import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pinTickObjectShape } from './tick-shape.js';

const MODULE = fileURLToPath(new URL('./tick-shape.js', import.meta.url));

test('pinTickObjectShape keeps one tick object and returns the same one on every call', () => {
  const first = pinTickObjectShape();
  assert.ok(first !== undefined, 'Node.js 20 makes a TickObject for every nextTick');
  assert.equal(pinTickObjectShape(), first);
  assert.equal(typeof (first as { callback?: unknown }).callback, 'function');
});

test('the pinned tick object outlives full collections, and later ticks share its hidden class', () => {
  // V8's own view, in a child process with its test-only intrinsics and gc(). The test holds only
  // weak references, so what survives the collections is what the module keeps; an unpinned tick
  // object, caught the same way, is the control that the collections ran.
  const script = `
    import { createHook } from 'node:async_hooks';
    import { setImmediate as turn } from 'node:timers/promises';
    import { pinTickObjectShape } from ${JSON.stringify(MODULE)};
    const catchTick = () => {
      let caught;
      const hook = createHook({ init(id, type, trigger, resource) { if (type === 'TickObject') caught = resource; } }).enable();
      process.nextTick(() => {});
      hook.disable();
      return caught;
    };
    const pinnedRef = new WeakRef(pinTickObjectShape() ?? {});
    const unpinnedRef = new WeakRef(catchTick());
    await turn();
    globalThis.gc(); globalThis.gc();
    const pinned = pinnedRef.deref();
    console.log(JSON.stringify({
      pinnedAlive: pinned !== undefined,
      unpinnedAlive: unpinnedRef.deref() !== undefined,
      sameClass: pinned !== undefined && %HaveSameMap(pinned, catchTick()),
    }));
  `;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { pinnedAlive: true, unpinnedAlive: false, sameClass: true });
});
