import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AllowedMethods } from './allowed-methods.js';

test('the methods of a path come from the templates it matches: a parameter is one segment, * the rest', () => {
  const routes = new AllowedMethods();
  routes.add('GET', '/v1/models/:name');
  routes.add('HEAD', '/v1/models/:name');
  routes.add('post', '/v1/models/:name/predict');
  routes.add('GET', '/docs/static/*');
  routes.add('GET', '/a.b');
  assert.deepEqual(routes.allowedOn('/v1/models/lr_global'), ['GET', 'HEAD']);
  assert.deepEqual(routes.allowedOn('/v1/models/lr_global/predict'), ['POST']);
  assert.deepEqual(routes.allowedOn('/v1/models/'), []);
  assert.deepEqual(routes.allowedOn('/v1/models/a/b'), []);
  assert.deepEqual(routes.allowedOn('/docs/static/css/x.css'), ['GET']);
  assert.deepEqual(routes.allowedOn('/a.b'), ['GET']);
  assert.deepEqual(routes.allowedOn('/axb'), [], 'a dot in a template is a dot');
});
