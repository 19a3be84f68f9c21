import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DomainError } from '../common/domain-error';

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing can't be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 256;

/** Password hashing (argon2id, OWASP's recommended parameters) and the password policy. */
@Injectable()
export class PasswordService {
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash || password.length > PASSWORD_MAX_LENGTH) return false;
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Throws BAD_USER_INPUT naming `field` when the password breaks the policy. */
  assertAcceptable(password: string, email: string, field = 'password'): void {
    const problem = this.policyProblem(password, email);
    if (problem) throw DomainError.badInput(field, problem);
  }

  private policyProblem(password: string, email: string): string | undefined {
    if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
    if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
    const lower = password.toLowerCase();
    const address = email.trim().toLowerCase();
    const localPart = address.split('@')[0];
    if (lower.includes(address) || (localPart.length >= 4 && lower.includes(localPart))) {
      return 'must not contain your e-mail address';
    }
    if (new Set(password).size < 5) return 'must contain at least 5 different characters';
    return undefined;
  }
}
