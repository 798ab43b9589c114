using System.Reflection;

// bench/run.sh <name> [args]: runs the static RunAsync(string[]) of the class <Name>Bench in this project,
// so each feature's benchmark lives in its own file.
var name = args.Length > 0 ? args[0] : "turns";
var type = Assembly.GetExecutingAssembly().GetTypes()
    .FirstOrDefault(t => string.Equals(t.Name, name + "Bench", StringComparison.OrdinalIgnoreCase));
if (type?.GetMethod("RunAsync", [typeof(string[])]) is not { } run)
{
    var known = Assembly.GetExecutingAssembly().GetTypes().Where(t => t.Name.EndsWith("Bench", StringComparison.Ordinal)).Select(t => t.Name[..^5].ToLowerInvariant());
    Console.Error.WriteLine($"unknown benchmark '{name}'; known: {string.Join(", ", known)}");
    return 2;
}

await (Task)run.Invoke(null, [args.Skip(1).ToArray()])!;
return 0;
