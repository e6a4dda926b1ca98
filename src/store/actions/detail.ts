import type { KObject } from '../../util/k8s.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';

/** Fetches a row's full object and its events (describe, YAML, edit): a service of the connection. */
export type DetailLoader = (resource: ResourceDef, rec: SlimBase) => Promise<{ object: KObject; events: KObject[] }>;
