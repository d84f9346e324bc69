/**
 * kube-controller-manager's service-account token controller, for the Secrets a user creates by
 * hand (the "long-lived API token" of the Kubernetes docs): a Secret of type
 * `kubernetes.io/service-account-token` naming an existing ServiceAccount in its
 * `kubernetes.io/service-account.name` annotation gets `token` (a legacy JWT, issuer
 * `kubernetes/serviceaccount`, no expiry), `ca.crt` and `namespace`, and the account's uid in the
 * `kubernetes.io/service-account.uid` annotation; `kubectl describe secret` then shows the token,
 * and the API server accepts it while the Secret and the account exist. A Secret whose account
 * does not exist (or was deleted, or has another uid now) is deleted, as the real controller does.
 * Left out: the controller's signing key is the API server's (kubeadm gives both `sa.key`), and
 * nothing marks a Secret with `kubernetes.io/legacy-token-last-used`.
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { KubeObject } from '../../shared/api/meta.js';
import { objectKey } from '../../shared/api/keys.js';
import type { Clock } from '../../shared/clock.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { SharedInformer } from '../../shared/client/informer.js';
import { RateLimitingQueue } from '../../shared/client/workqueue.js';
import { runWorkers } from '../../shared/client/workers.js';
import { logger } from '../../shared/log.js';
import type { Controller, ControllerContext } from './manager.js';

const componentName = 'serviceaccount-token-controller';
const secrets: ResourceRef = { group: '', version: 'v1', resource: 'secrets' };
const serviceAccounts: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts' };
const log = logger(componentName);

export const serviceAccountTokenType = 'kubernetes.io/service-account-token';
export const serviceAccountNameKey = 'kubernetes.io/service-account.name';
export const serviceAccountUidKey = 'kubernetes.io/service-account.uid';
/** The issuer of the tokens this controller writes (pkg/serviceaccount legacy.go). */
export const legacyIssuer = 'kubernetes/serviceaccount';

export type TokenSigner = (claims: Record<string, unknown>) => Promise<string>;

export interface TokensControllerOptions {
  client: ApiClient;
  clock: Clock;
  secrets: SharedInformer;
  serviceAccounts: SharedInformer;
  sign: TokenSigner;
  /** PEM bundle for `ca.crt`; left out when absent. */
  rootCA?: string;
}

/** The legacy claims, keys sorted as go-jose writes its merged map. */
export function legacyClaims(namespace: string, secretName: string, account: { name: string; uid: string }): Record<string, unknown> {
  return {
    iss: legacyIssuer,
    'kubernetes.io/serviceaccount/namespace': namespace,
    'kubernetes.io/serviceaccount/secret.name': secretName,
    'kubernetes.io/serviceaccount/service-account.name': account.name,
    'kubernetes.io/serviceaccount/service-account.uid': account.uid,
    sub: `system:serviceaccount:${namespace}:${account.name}`,
  };
}

export class TokensController implements Controller {
  readonly name = componentName;
  /** `namespace/name` of token Secrets. */
  readonly queue: RateLimitingQueue<string>;

  constructor(private readonly options: TokensControllerOptions) {
    this.queue = new RateLimitingQueue({ clock: options.clock });
    const onSecret = (secret: Readonly<KubeObject>): void => {
      if (secret.type === serviceAccountTokenType) this.queue.add(objectKey(secret.metadata.namespace, secret.metadata.name!));
    };
    options.secrets.addEventHandler({ onAdd: onSecret, onUpdate: (_old, secret) => onSecret(secret) });
    // An account that comes, goes or is replaced decides the fate of the Secrets that name it.
    const onAccount = (account: Readonly<KubeObject>): void => {
      for (const secret of options.secrets.list()) {
        if (secret.type === serviceAccountTokenType && secret.metadata.namespace === account.metadata.namespace && secret.metadata.annotations?.[serviceAccountNameKey] === account.metadata.name) onSecret(secret);
      }
    };
    options.serviceAccounts.addEventHandler({ onAdd: onAccount, onUpdate: (_old, account) => onAccount(account), onDelete: onAccount });
  }

  /** The controller, or one that does nothing when the daemon gave no signer (unit tests of other parts). */
  static fromContext(context: ControllerContext): Controller {
    if (!context.signToken) return { name: componentName, start: async () => log.info('no token signer: service-account token Secrets are not filled') };
    return new TokensController({
      client: context.client,
      clock: context.clock,
      secrets: context.informers.informerFor(secrets),
      serviceAccounts: context.informers.informerFor(serviceAccounts),
      sign: context.signToken,
      rootCA: context.rootCA,
    });
  }

  async start(signal: AbortSignal): Promise<void> {
    const synced = await Promise.all([this.options.secrets.waitForSync(signal), this.options.serviceAccounts.waitForSync(signal)]);
    if (!synced.every(Boolean)) return;
    await runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: 1, signal, log });
  }

  /** syncSecret: delete the token of a missing account, else fill what is missing. */
  async sync(key: string): Promise<void> {
    const secret = this.options.secrets.get(key);
    if (!secret || secret.type !== serviceAccountTokenType || secret.metadata.deletionTimestamp) return;
    const namespace = secret.metadata.namespace!;
    const annotations = secret.metadata.annotations ?? {};
    const accountName = annotations[serviceAccountNameKey] ?? '';
    const account = this.options.serviceAccounts.get(objectKey(namespace, accountName));
    const wantedUid = annotations[serviceAccountUidKey];
    if (!account || (wantedUid && wantedUid !== account.metadata.uid)) {
      log.info('deleting secret because service account no longer exists', { secret: key, serviceAccount: accountName });
      await this.options.client.delete(secrets, namespace, secret.metadata.name!).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      return;
    }
    const data: Record<string, string> = { ...(secret.data as Record<string, string> | undefined) };
    const encode = (text: string): string => Buffer.from(text).toString('base64');
    const caWanted = this.options.rootCA !== undefined && data['ca.crt'] !== encode(this.options.rootCA);
    const namespaceWanted = data.namespace !== encode(namespace);
    const tokenWanted = !data.token;
    const uidWanted = wantedUid !== account.metadata.uid;
    if (!caWanted && !namespaceWanted && !tokenWanted && !uidWanted) return;
    if (caWanted) data['ca.crt'] = encode(this.options.rootCA!);
    if (namespaceWanted) data.namespace = encode(namespace);
    if (tokenWanted) data.token = encode(await this.options.sign(legacyClaims(namespace, secret.metadata.name!, { name: accountName, uid: account.metadata.uid! })));
    const updated = structuredClone(secret) as KubeObject;
    updated.data = data;
    updated.metadata.annotations = { ...annotations, [serviceAccountUidKey]: account.metadata.uid! };
    // A Conflict means the cache was behind: the worker retries with the newer copy.
    await this.options.client.update(secrets, updated);
  }
}
