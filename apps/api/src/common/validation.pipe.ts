import { ArgumentMetadata, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldProblem } from './domain-error';

function flatten(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator starts messages with the property name; the field already says it.
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Validates every GraphQL input with class-validator and reports each problem with its full
 * path (`input.rubric.0.maxScore`: the argument name, then the property path), as BAD_USER_INPUT.
 */
class FieldPathValidationPipe implements PipeTransform {
  constructor(private readonly validation: ValidationPipe) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Inputs reach the pipe as 'body' (GraphQL @Args, REST @Body), 'query' or 'param'. Anything
    // else is 'custom': a field resolver's @Parent, @Context, the caller, the loaders. Nest's pipe
    // hands those back untouched (custom decorators are not validated), but only after two async
    // hops; a list of 60 review tasks has a few hundred of them per request (bench/api).
    if (metadata.type === 'custom') return value;
    return this.validate(value, metadata);
  }

  private async validate(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await this.validation.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof DomainError) || !metadata.data) throw error;
      const problems = error.problems.map((problem) => ({ ...problem, field: `${metadata.data}.${problem.field}` }));
      throw new DomainError(error.code, summarise(problems), problems);
    }
  }
}

function summarise(problems: FieldProblem[]): string {
  return problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') || 'Invalid input';
}

export function createValidationPipe(): PipeTransform {
  return new FieldPathValidationPipe(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const problems = flatten(errors, '');
        return new DomainError('BAD_USER_INPUT', summarise(problems), problems);
      },
    }),
  );
}
