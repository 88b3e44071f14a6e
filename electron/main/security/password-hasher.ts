import argon2 from 'argon2';

/**
 * argon2id with OWASP's recommended floor (m = 19 MiB, t = 2, p = 1). Tests may pass
 * cheaper parameters only through this constructor, never through configuration.
 */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const OWASP_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes and verifies passwords; also burns equal time for unknown users. */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly params: Argon2Params = OWASP_ARGON2) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Verifies against a throwaway hash so an unknown username costs the same time. */
  async burn(password: string): Promise<false> {
    this.dummyHash ??= this.hash('portcullis-dummy-password-for-timing');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
