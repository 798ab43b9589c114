// Test classes share Azurite but each boots its own app with its own table prefix, so classes may run in parallel.
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel, Workers = 2)]
