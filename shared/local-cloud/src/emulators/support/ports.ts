import net from 'node:net';
import type { Server } from 'node:net';

export const LOCAL_HOST = '127.0.0.1';

/** Thrown when an emulator cannot bind its port; the message names both so `npm start` can say which. */
export class PortInUseError extends Error {
  constructor(
    readonly emulator: string,
    readonly port: number,
    cause?: unknown,
  ) {
    super(
      `${emulator}: port ${port} is already in use (choose another port for ${emulator} or stop what holds ${port})`,
      {
        cause,
      },
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Binds an already-built server to host:port and resolves the bound port. An EADDRINUSE becomes a
 * PortInUseError instead of an unhandled 'error' event (several libraries forget to listen for it).
 */
export function listenOn(server: Server, emulator: string, port: number, host = LOCAL_HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(emulator, port, error) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`${emulator}: server did not report a TCP address`));
        return;
      }
      resolve(address.port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Closes a server, also cutting idle keep-alive sockets so close() does not wait for clients to hang up. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    const withConnections = server as Server & { closeAllConnections?: () => void };
    withConnections.closeAllConnections?.();
  });
}

/**
 * A free port for programs that cannot report the port they bound (DynamoDB Local): bind port 0,
 * read the number, release it. The short race with other processes is handled by the caller retrying.
 */
export async function findFreePort(host = LOCAL_HOST): Promise<number> {
  const server = net.createServer();
  const port = await listenOn(server, 'port probe', 0, host);
  await closeServer(server);
  return port;
}

/** Fails with PortInUseError when host:port cannot be bound right now. */
export async function assertPortFree(emulator: string, port: number, host = LOCAL_HOST): Promise<void> {
  const server = net.createServer();
  await listenOn(server, emulator, port, host);
  await closeServer(server);
}
