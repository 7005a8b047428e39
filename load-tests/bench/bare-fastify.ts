// The second limit beside each row of `npm run bench`: a bare Fastify server in a process of
// its own, with no logging, GraphQL, auth or database. `POST /bare/:operation` parses the
// JSON body (the same body our server gets) and answers the bytes our server answered for
// that operation (sent over IPC before the run), so only what our server does in between is
// missing. `GET /bare-ws` and `POST /bare-publish` are the same for the subscription row: a
// message of the same size sent to every connected socket.
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';

type Message = { type: 'answers'; answers: Record<string, string>; notice: string } | { type: 'shutdown' };

const app = Fastify({ logger: false });
let answers: Record<string, string> = {};
let notice = '{}';
const sockets = new Set<WebSocket>();

await app.register(websocket);
app.post<{ Params: { operation: string } }>('/bare/:operation', async (request, reply) => {
  const answer = answers[request.params.operation];
  if (answer === undefined) return reply.status(404).send({ error: 'unknown operation' });
  return reply.type('application/json').send(answer);
});
app.get('/bare-ws', { websocket: true }, (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
app.post<{ Body: { id: string } }>('/bare-publish', async (request) => {
  // the same size as a dispatchBoardUpdated message, carrying the id the client times by
  const message = notice.replace('"__ID__"', JSON.stringify(request.body.id));
  for (const socket of sockets) socket.send(message);
  return { sent: sockets.size };
});

process.on('message', (message: Message) => {
  if (message.type === 'answers') {
    answers = message.answers;
    notice = message.notice;
    process.send?.({ type: 'answers-taken' });
  } else if (message.type === 'shutdown') {
    void app.close().then(() => process.exit(0));
  }
});
process.on('disconnect', () => void app.close().then(() => process.exit(0)));

const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ type: 'ready', url: address });
