import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { runCli } from './run-cli-process';

describe('verdict --version', () => {
  it('prints the version alone, exit 0, as commander does when it answers --version after another option', async () => {
    for (const args of [['--version'], ['-V'], ['--verbose', '--version']]) {
      const { code, stdout, stderr } = await runCli(args);
      expect({ args, code, stdout, stderr }).toEqual({ args, code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    }
  });
}, 60_000);
