import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COLUMNS, columnsFromTable, genericResource, projectTable, projectTableRow } from '../../src/resources/generic.js';
import type { Table } from '../../src/util/k8s-more.js';
import { NOW, ago } from '../util/fixtures.js';

// A custom resource Table as the apiextensions server sends it for
// `GET /apis/example.com/v1/namespaces/shop/widgets` with Accept: application/json;as=Table;v=v1;g=meta.k8s.io
const widgets: Table = JSON.parse(`{
  "kind": "Table",
  "apiVersion": "meta.k8s.io/v1",
  "metadata": { "resourceVersion": "4711" },
  "columnDefinitions": [
    { "name": "Name", "type": "string", "format": "name", "description": "Name must be unique within a namespace.", "priority": 0 },
    { "name": "Replicas", "type": "integer", "format": "", "description": "Desired replicas", "priority": 0 },
    { "name": "Phase", "type": "string", "format": "", "description": "", "priority": 0 },
    { "name": "Endpoint", "type": "string", "format": "", "description": "", "priority": 1 },
    { "name": "Age", "type": "date", "format": "", "description": "CreationTimestamp is a timestamp", "priority": 0 }
  ],
  "rows": [
    {
      "cells": ["blue", 3, "Running", "http://blue.shop\\u001b[2J", "${ago(7_200_000)}"],
      "object": {
        "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
        "metadata": { "name": "blue", "namespace": "shop", "uid": "w1", "resourceVersion": "4700",
          "creationTimestamp": "${ago(7_200_000)}", "labels": { "team": "a" } }
      }
    },
    {
      "cells": ["green", null, "Failed", null, "${ago(30_000)}"],
      "object": {
        "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
        "metadata": { "name": "green", "namespace": "shop", "uid": "w2", "resourceVersion": "4701",
          "creationTimestamp": "${ago(30_000)}", "deletionTimestamp": "${ago(1_000)}" }
      }
    }
  ]
}`);

const info = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', singular: 'widget', namespaced: true, shortNames: ['WD'] };

void test('columnsFromTable: upper-cased headers, priority 1 is wide, numbers right-aligned', () => {
  assert.deepEqual(columnsFromTable(widgets.columnDefinitions!), [
    { name: 'NAME' }, { name: 'REPLICAS', align: 'right' }, { name: 'PHASE' }, { name: 'ENDPOINT', wide: true }, { name: 'AGE' },
  ]);
});

void test('genericResource from a Table: GVR, aliases, rows with ages at row time, sanitized cells', () => {
  const def = genericResource(info, widgets.columnDefinitions);
  assert.deepEqual([def.kind, def.plural, def.singular, def.group, def.version, def.namespaced, def.generic], ['Widget', 'widgets', 'widget', 'example.com', 'v1', true, true]);
  assert.deepEqual(def.aliases, ['wd']);
  const [blue, green] = projectTable(widgets);
  assert.ok(blue && green);
  assert.equal(blue.key, 'shop/blue');
  assert.deepEqual(blue.labels, { team: 'a' });
  assert.equal(blue.rv, '4700');
  assert.deepEqual(def.row(blue, NOW), ['blue', '3', 'Running', 'http://blue.shop^[[2J', '120m']);
  assert.equal(def.row(blue, NOW + 3_600_000)[4], '3h');
  assert.deepEqual(def.status(blue), { text: 'Running', tone: 'ok' });
  assert.deepEqual(def.row(green, NOW), ['green', '', 'Failed', '', '30s']);
  assert.equal(green.deleting, true);
  assert.deepEqual(def.status(green), { text: 'Terminating', tone: 'warn' });
  assert.deepEqual(def.projectRow(widgets.rows![0]!), blue);
  assert.deepEqual(def.status({ ...blue, cells: ['x', '1', 'Failed', '', 0] }), { text: 'Failed', tone: 'error' });
  assert.deepEqual(def.status({ ...blue, cells: ['x', '1', 'Pending', '', 0] }), { text: 'Pending', tone: 'pending' });
});

void test('a built-in Table (Age already text) keeps ticking from metadata; a row without object uses the name cell', () => {
  const defs = [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Status', type: 'string', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
  ];
  const rec = projectTableRow(defs, { cells: ['kube-system', 'Active', '5m'], object: { metadata: { name: 'kube-system', creationTimestamp: ago(300_000) } } });
  const def = genericResource({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false }, defs);
  assert.deepEqual(def.row(rec, NOW + 60_000), ['kube-system', 'Active', '6m']);
  const bare = projectTableRow(defs, { cells: ['orphan', { nested: true }, '1d'] });
  assert.equal(bare.name, 'orphan');
  assert.deepEqual(def.row(bare, NOW), ['orphan', '{"nested":true}', '1d']);
});

void test('without a Table: NAME and AGE from a plain object', () => {
  const def = genericResource(info);
  assert.deepEqual(def.columnDefinitions, DEFAULT_COLUMNS);
  assert.deepEqual(def.columns, [{ name: 'NAME' }, { name: 'AGE' }]);
  const rec = def.project({ metadata: { name: 'blue', namespace: 'shop', creationTimestamp: ago(90_000) } });
  assert.deepEqual(def.row(rec, NOW), ['blue', '90s']);
  assert.deepEqual(def.status(rec), { text: '', tone: 'ok' });
  assert.equal(def.singular, 'widget');
  assert.equal(genericResource({ ...info, singular: '' }).singular, 'widget');
});
