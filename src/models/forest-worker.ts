/**
 * @module models/forest-worker
 * Worker-thread entry of the random forest: receives the shared training set once (first message),
 * then grows the trees whose indices it is sent and posts their nodes back. Started only by
 * models/random-forest; it reads no file and keeps no state between forests.
 */
import { parentPort } from 'node:worker_threads';
import { TreeBuilder } from './decision-tree.js';
import { growForestTree, type ForestWorkerData, type ForestWorkerReply, type ForestWorkerRequest } from './random-forest.js';

const port = parentPort;
if (port === null) throw new Error('models/forest-worker runs only as a worker thread');

let forest: { data: ForestWorkerData; builder: TreeBuilder } | null = null;

port.on('message', (message: ForestWorkerRequest) => {
  if ('init' in message) {
    const { X, Xc, y } = message.init;
    forest = { data: message.init, builder: new TreeBuilder({ X, Xc, y }) };
    return;
  }
  const { tree } = message;
  let reply: ForestWorkerReply;
  try {
    if (forest === null) throw new Error('no training set was sent before the first tree');
    reply = { tree, nodes: growForestTree(forest.builder, forest.data.X.rows, tree, forest.data.params) };
  } catch (err) {
    reply = { tree, error: err instanceof Error ? err.message : String(err) };
  }
  const transfer = 'nodes' in reply ? [reply.nodes.feature.buffer, reply.nodes.threshold.buffer, reply.nodes.left.buffer, reply.nodes.right.buffer, reply.nodes.value.buffer] : [];
  port.postMessage(reply, transfer as ArrayBuffer[]);
});
