// Building blocks for server-side Table definitions: columns as data, cells from util/printers.

import { ageOf } from '../../util/age.js';
import type { KObject } from '../../util/k8s.js';
import type { Cell, ColumnDefinition, TableDef } from './table-types.js';

export type ColSpec = [name: string, priority?: number, type?: ColumnDefinition['type'], format?: string];

const NAME_DESC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.';

export function def<T extends KObject>(
  cols: ColSpec[],
  cells: (o: T, now: number, age: string) => Cell[],
): TableDef {
  return {
    columns: cols.map(([name, priority = 0, type = 'string', format = '']) => ({
      name,
      type,
      format: format || (name === 'Name' ? 'name' : ''),
      description: name === 'Name' ? NAME_DESC : name,
      priority,
    })),
    cells: (o, now) => cells(o as T, now, ageOf(o.metadata.creationTimestamp, now)),
  };
}

export const n = (o: KObject): string => o.metadata.name ?? '';
export const I: ColumnDefinition['type'] = 'integer';
export const WIDE_POD: ColSpec[] = [
  ['Containers', 1],
  ['Images', 1],
  ['Selector', 1],
];
