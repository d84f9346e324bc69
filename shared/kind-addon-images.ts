/**
 * The addon images of kind v0.26.0's node image (pkg/build/nodeimage const_cni.go and
 * const_storage.go): the bootstrap manifests name them, and every node has them preloaded, as
 * kind's node image ships them, so their pods start without a pull.
 */
export const kindnetdImage = 'docker.io/kindest/kindnetd:v20241212-9f82dd49';
export const localPathProvisionerImage = 'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0';
export const localPathHelperImage = 'docker.io/kindest/local-path-helper:v20241212-8ac705d0';

export const kindAddonImages: readonly string[] = [kindnetdImage, localPathProvisionerImage, localPathHelperImage];
