/**
 * ServiceAccounts (ValidateServiceAccount): only the generic metadata rules apply; since 1.24
 * no token Secret is created for them, so there is nothing to default.
 */
import { validateObjectMetaUpdate } from './metadata.js';
import type { Strategy } from './strategy.js';

export const serviceAccountStrategy: Strategy = {
  nameRule: 'subdomain',
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj, old),
};
