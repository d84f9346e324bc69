/**
 * The admissionregistration.k8s.io/v1 kinds as printers.go prints them: webhook configurations
 * (NAME WEBHOOKS AGE), ValidatingAdmissionPolicies (NAME VALIDATIONS PARAMKIND AGE, PARAMKIND
 * `<apiVersion>/<kind>` or `<unset>`) and their bindings (NAME POLICYNAME PARAMREF AGE, PARAMREF
 * `<namespace>/<name>`, `*\/<name>` without a namespace, the selector in Go's struct form, or
 * `<unset>`).
 */
import type { KubeObject } from '../api/meta.js';
import { goSelectorString } from '../labels.js';
import { age, ageColumn, column, nameColumn } from './columns.js';
import type { Printer } from './table.js';

export const webhookConfigurationPrinter: Printer = {
  columns: [nameColumn(), column('Webhooks', 'integer', 'Webhooks indicates the number of webhooks.'), ageColumn],
  cells: (obj, now) => [obj.metadata.name ?? '', ((obj as { webhooks?: unknown[] }).webhooks ?? []).length, age(obj, now)],
};

export const validatingAdmissionPolicyPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Validations', 'integer', 'Validations indicates the number of validation rules'),
    column('ParamKind', 'string', 'ParamKind specifies the kind of resources used to parameterize this policy'),
    ageColumn,
  ],
  cells(policy: KubeObject, now) {
    const paramKind = policy.spec?.paramKind;
    return [policy.metadata.name ?? '', (policy.spec?.validations ?? []).length, paramKind ? `${paramKind.apiVersion ?? ''}/${paramKind.kind ?? ''}` : '<unset>', age(policy, now)];
  },
};

export const validatingAdmissionPolicyBindingPrinter: Printer = {
  columns: [
    nameColumn(),
    column('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
    column('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configration param'),
    ageColumn,
  ],
  cells(binding: KubeObject, now) {
    const ref = binding.spec?.paramRef;
    let param = '<unset>';
    if (ref?.name) param = ref.namespace ? `${ref.namespace}/${ref.name}` : `*/${ref.name}`;
    else if (ref?.selector) param = goSelectorString(ref.selector);
    return [binding.metadata.name ?? '', binding.spec?.policyName ?? '', param, age(binding, now)];
  },
};
