// Shapes of server-side Tables (meta.k8s.io/v1), shared by the table modules without import cycles.
import type { KObject } from '../../util/k8s.js';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean;

export interface TableDef {
  columns: ColumnDefinition[];
  cells(obj: KObject, now: number): Cell[];
}

/** How much of each object a Table row carries (`includeObject` query parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';
