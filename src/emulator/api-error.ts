/** A Tencent error answer: `{ Response: { Error: { Code, Message }, RequestId } }`. */
export class EmulatorApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
