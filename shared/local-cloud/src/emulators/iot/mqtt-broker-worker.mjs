// The aedes MQTT broker, run in a worker thread. aedes 1.x is an ES module, which Jest cannot
// load into a CommonJS test (it replaces require, node:module and process.getBuiltinModule); a
// worker thread loads modules with Node itself, so the broker starts the same way under node, tsx
// and Jest. Messages: in `workerData` the ports; to the parent `listening`, `failed`, `message`
// (every publish, for the topic rules), `published`, `pong` and `stopped`; from the parent
// `publish`, `ping` and `stop`.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';

const { host, port, websocketPort } = workerData;

function listen(server, requestedPort, which) {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(Object.assign(error, { which, requestedPort })));
    server.listen(requestedPort, host, () => resolve(server.address().port));
  });
}

const broker = await Aedes.createBroker();
broker.on('publish', (packet, client) => {
  if (packet.topic.startsWith('$SYS/')) return;
  parentPort.postMessage({
    type: 'message',
    topic: packet.topic,
    payload: new Uint8Array(packet.payload),
    clientId: client ? client.id : undefined,
  });
});

const sockets = new Set();
const tcp = createTcpServer((socket) => {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
  broker.handle(socket);
});
let http;
let websockets;

async function stop() {
  if (websockets) {
    for (const client of websockets.clients) client.terminate();
    await new Promise((resolve) => websockets.close(() => resolve()));
  }
  if (http?.listening) await new Promise((resolve) => http.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  if (tcp.listening) await new Promise((resolve) => tcp.close(() => resolve()));
  await new Promise((resolve) => broker.close(() => resolve()));
}

try {
  const tcpPort = await listen(tcp, port, 'tcp');
  let boundWebsocketPort;
  if (websocketPort !== undefined) {
    http = createHttpServer();
    websockets = new WebSocketServer({ server: http });
    websockets.on('connection', (socket, request) => broker.handle(createWebSocketStream(socket), request));
    boundWebsocketPort = await listen(http, websocketPort, 'websocket');
  }
  parentPort.postMessage({ type: 'listening', port: tcpPort, websocketPort: boundWebsocketPort });
} catch (error) {
  await stop();
  parentPort.postMessage({
    type: 'failed',
    code: error.code,
    message: error.message,
    which: error.which,
    port: error.requestedPort,
  });
}

parentPort.on('message', (message) => {
  if (message.type === 'publish') {
    broker.publish(
      {
        cmd: 'publish',
        topic: message.topic,
        payload: Buffer.from(message.payload),
        qos: message.qos,
        retain: message.retain,
        dup: false,
      },
      (error) =>
        parentPort.postMessage({
          type: 'published',
          id: message.id,
          error: error ? error.message : undefined,
        }),
    );
  } else if (message.type === 'ping') {
    // Messages to the parent arrive in order: once it sees this pong, it has seen every earlier publish.
    parentPort.postMessage({ type: 'pong', id: message.id });
  } else if (message.type === 'stop') {
    void stop().then(() => parentPort.postMessage({ type: 'stopped' }));
  }
});
