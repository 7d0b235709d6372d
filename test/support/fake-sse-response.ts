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
  /** As a real response does, ending it emits 'finish' and then 'close' (the streams clean up on those). */
  end(): this {
    if (this.writableEnded) return this;
    this.writableEnded = true;
    this.emit('finish');
    this.emit('close');
    return this;
  }
}
