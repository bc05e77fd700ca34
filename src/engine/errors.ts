/** A story file that cannot be loaded: names the file and says why. */
export class StoryLoadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`story engine: cannot load ${file}: ${reason}`);
    this.name = 'StoryLoadError';
  }
}

/** A request the engine cannot serve (an unknown story id, say). */
export class EngineError extends Error {
  constructor(message: string) {
    super(`story engine: ${message}`);
    this.name = 'EngineError';
  }
}
