/**
 * The controllers kubelab runs, in the order kube-controller-manager lists them. A table, not
 * logic: each entry builds one controller from the shared context.
 */
import type { ControllerFactory } from './manager.js';
import { NamespaceController } from './namespace.js';

export const controllerFactories: readonly ControllerFactory[] = [(context) => NamespaceController.fromContext(context)];
