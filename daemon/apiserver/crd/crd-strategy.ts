/**
 * The registry strategy of CustomResourceDefinitions (apiextensions' customresourcedefinition
 * strategy and v1 defaults): singular and listKind default from the kind, conversion to
 * `strategy: None`; on create the status is reset to empty accepted names plus the storage version
 * in storedVersions (the CRD controller then accepts the names and establishes it); on update the
 * status is kept, the generation counts spec changes and a new storage version joins storedVersions.
 */
import type { KubeObject } from '../../../shared/api/meta.js';
import { validateObjectMetaUpdate } from '../registry/metadata.js';
import type { Strategy } from '../registry/strategy.js';
import { keepStatusAndBumpGeneration } from '../registry/strategy-helpers.js';
import { validateCrd, validateCrdUpdate } from './crd-validation.js';

type Json = Record<string, any>;

function defaultCrd(crd: KubeObject): void {
  const spec: Json = (crd.spec ??= {});
  const names: Json = spec.names ?? {};
  if (names.kind && !names.singular) names.singular = String(names.kind).toLowerCase();
  if (names.kind && !names.listKind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
}

function addStoredVersion(crd: KubeObject): void {
  const storage = (crd.spec?.versions ?? []).find((v: Json) => v.storage === true)?.name;
  const stored: string[] = crd.status.storedVersions ?? [];
  if (storage && !stored.includes(storage)) stored.push(storage);
  crd.status.storedVersions = stored;
}

export const customResourceDefinitionStrategy: Strategy = {
  nameRule: 'subdomain',
  defaults: defaultCrd,
  prepareForCreate: (crd) => {
    crd.metadata.generation = 1;
    crd.status = { acceptedNames: { plural: '', kind: '' } };
    addStoredVersion(crd);
  },
  prepareForUpdate: (crd, old) => {
    keepStatusAndBumpGeneration(crd, old);
    crd.status ??= { acceptedNames: { plural: '', kind: '' } };
    addStoredVersion(crd);
  },
  validate: validateCrd,
  validateUpdate: (crd, old) => [...validateObjectMetaUpdate(crd, old), ...validateCrdUpdate(crd, old)],
  validateStatusUpdate: (crd, old) => validateObjectMetaUpdate(crd, old),
};
