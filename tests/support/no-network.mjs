// Preloaded (node --import) into a process and its worker threads: any attempt to reach the network throws.
import net from 'node:net';

const refuse = () => {
  throw new Error('network access attempted in an offline test');
};
globalThis.fetch = refuse;
net.Socket.prototype.connect = refuse;
