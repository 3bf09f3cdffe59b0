import { createServer } from 'node:http';

/*
 * The ceiling of the lookup benchmark: a bare `node:http` server that reads each request's body and answers
 * every request with the same JSON body of the size given (a typical lookup answer). Prints its port.
 * Usage: node --import tsx tests/bench/bare-server.ts <bytes>
 */

const size = Number(process.argv[2] ?? 5000);
const head = '{"results":[],"accounts":[],"padding":"';
const body = Buffer.from(`${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening on ${typeof address === 'object' && address ? address.port : 0}\n`);
});
