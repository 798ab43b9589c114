namespace TutorBot.Storage;

/// <summary>
/// Where state lives (section <c>Storage</c>): a connection string for Azurite locally, or the service URIs
/// and the managed identity's client id in Azure (no key).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>UseDevelopmentStorage=true</c> for Azurite. Leave empty in Azure.</summary>
    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary>Blob service in Azure (partner logos); locally the connection string's blob endpoint.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity that holds the storage data roles.</summary>
    public string? ClientId { get; set; }

    /// <summary>Prefix of every table name: lets tests and environments share one account.</summary>
    public string TablePrefix { get; set; } = "";
}

/// <summary>
/// The tables and queues the app uses. Each feature declares its own in its <c>AddX()</c> with
/// <see cref="StorageLayoutExtensions.AddTables"/> / <see cref="StorageLayoutExtensions.AddQueues"/>; all are created at start.
/// </summary>
public sealed class StorageLayout
{
    public HashSet<string> Tables { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Queues { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Containers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The personal-data register: what each declared table, queue or container holds on whom, how long it lives
    /// and how an erasure treats it, by logical name. A name created at start without an entry fails the register test.
    /// </summary>
    public Dictionary<string, PersonalData> Register { get; } = new(StringComparer.Ordinal);
}

public static class StorageLayoutExtensions
{
    /// <summary>Table Storage, Storage queues and blobs (Azurite locally): the clients, and every declared table and queue created before traffic.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton<Tables>();
        services.AddSingleton<Queues>();
        services.AddSingleton<Blobs>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>A table and its entry in the personal-data register (README, "Personal data"): the one way to add a table.</summary>
    public static IServiceCollection AddTable(this IServiceCollection services, string name, PersonalData register) =>
        services.Configure<StorageLayout>(layout =>
        {
            layout.Tables.Add(name);
            layout.Register[name] = register;
        });

    /// <summary>A blob container and its register entry.</summary>
    public static IServiceCollection AddContainer(this IServiceCollection services, string name, PersonalData register) =>
        services.Configure<StorageLayout>(layout =>
        {
            layout.Containers.Add(name);
            layout.Register[name] = register;
        });

    /// <summary>A Storage queue and its register entry.</summary>
    public static IServiceCollection AddQueue(this IServiceCollection services, string name, PersonalData register) =>
        services.Configure<StorageLayout>(layout =>
        {
            layout.Queues.Add(name);
            layout.Register[name] = register;
        });

    /// <summary>Tables without a register entry: the register test fails until one is added with <see cref="AddTable"/>.</summary>
    public static IServiceCollection AddTables(this IServiceCollection services, params string[] names) =>
        services.Configure<StorageLayout>(layout => layout.Tables.UnionWith(names));

    /// <summary>Blob containers (lower case letters, digits and hyphens), created at start like tables.</summary>
    public static IServiceCollection AddContainers(this IServiceCollection services, params string[] names) =>
        services.Configure<StorageLayout>(layout => layout.Containers.UnionWith(names));

    public static IServiceCollection AddQueues(this IServiceCollection services, params string[] names) =>
        services.Configure<StorageLayout>(layout => layout.Queues.UnionWith(names));
}
