/** The default sink of a coordinator's or worker's news (Redis lost and back, waiting, refused jobs): one line on stderr. */
export const noticeOnStderr = (message: string): void => {
  process.stderr.write(`verdict: ${message}\n`);
};
