import fc from 'fast-check';

// Mutation runs compare a mutant with the clean run: the generated cases must be the same each time.
fc.configureGlobal({ seed: Number(process.env.COLDTRACE_MUTATION_SEED ?? 1302) });
