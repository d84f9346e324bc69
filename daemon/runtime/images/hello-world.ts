/**
 * The `hello-world` image: FROM scratch, one static binary `/hello` that writes Docker's greeting
 * and exits 0 (docker-library/hello-world, hello.c, amd64 build). No shell, no tools: `kubectl
 * exec` into it finds nothing to run.
 */
import type { Program } from '../process.js';
import { binariesOf, cachedFamily } from './image.js';

export const helloMessage = `
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/

`;

const hello: Program = async (ctx) => {
  ctx.stdout(helloMessage);
  return 0;
};

export const helloWorldFamily = cachedFamily(
  ['docker.io/library/hello-world'],
  (tag) => tag === 'latest' || tag === 'linux',
  () => ({
    entrypoint: [],
    cmd: ['/hello'],
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    workingDir: '/',
    stopSignal: 'SIGTERM',
    size: 2_479,
    files: {},
    dirs: [],
    binaries: binariesOf({ dirs: [], noTools: true, extra: { '/hello': hello } }),
  }),
);
