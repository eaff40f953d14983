/**
 * @module models/forest-worker
 * Worker-thread entry of the random forest: receives the shared training set once (workerData),
 * then grows the trees whose indices it is sent and posts their nodes back. Started only by
 * models/random-forest; it reads no file and keeps no state between forests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TreeBuilder } from './decision-tree.js';
import { growForestTree, type ForestWorkerData, type ForestWorkerReply } from './random-forest.js';

const port = parentPort;
if (port === null) throw new Error('models/forest-worker runs only as a worker thread');

const { X, Xc, y, params } = workerData as ForestWorkerData;
const builder = new TreeBuilder({ X, Xc, y });

port.on('message', (message: { tree: number }) => {
  const { tree } = message;
  let reply: ForestWorkerReply;
  try {
    reply = { tree, nodes: growForestTree(builder, X.rows, tree, params) };
  } catch (err) {
    reply = { tree, error: err instanceof Error ? err.message : String(err) };
  }
  const transfer = 'nodes' in reply ? [reply.nodes.feature.buffer, reply.nodes.threshold.buffer, reply.nodes.left.buffer, reply.nodes.right.buffer, reply.nodes.value.buffer] : [];
  port.postMessage(reply, transfer as ArrayBuffer[]);
});
