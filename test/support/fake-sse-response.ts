import { EventEmitter } from 'node:events';

/** Just what the alert streams use of an HTTP response: the event frames written to it, and their ids. */
export class FakeSseResponse extends EventEmitter {
  readonly frames: string[] = [];
  readonly ids: string[] = [];
  writableEnded = false;
  destroyed = false;
  writableLength = 0;
  writeHead(): this {
    return this;
  }
  write(chunk: string): boolean {
    const m = /^id: (\d+)\n/.exec(chunk);
    if (m) {
      this.frames.push(chunk);
      this.ids.push(m[1]);
    }
    return true;
  }
  end(): this {
    this.writableEnded = true;
    return this;
  }
}
