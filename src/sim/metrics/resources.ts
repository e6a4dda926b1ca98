// The metrics.k8s.io/v1beta1 resources for discovery (served by serve.ts, not by storage): kubectl top
// looks for the group in discovery before it asks for metrics.

import type { ResourceInfo } from '../resources.js';
import { COMMON_FIELDS } from '../../util/selector.js';

const metric = (resource: 'nodes' | 'pods', kind: string, namespaced: boolean): ResourceInfo => ({
  gvr: { group: 'metrics.k8s.io', version: 'v1beta1', resource },
  kind,
  listKind: `${kind}List`,
  singular: '',
  namespaced,
  shortNames: [],
  categories: [],
  verbs: ['get', 'list'],
  subresources: [],
  fieldLabels: COMMON_FIELDS,
});

export const METRICS_RESOURCES: readonly ResourceInfo[] = [
  metric('nodes', 'NodeMetrics', false),
  metric('pods', 'PodMetrics', true),
];
