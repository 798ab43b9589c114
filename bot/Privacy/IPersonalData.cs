using System.Text.Json.Nodes;

namespace TutorBot.Privacy;

/// <summary>
/// What one feature holds on a person, and how it lets go of it. Each feature implements it beside its store and
/// registers it with <c>services.AddPersonalData&lt;T&gt;()</c>, so a table added later brings its own export and
/// erasure. Erasing must be idempotent: a job that died halfway runs every unfinished step again.
/// </summary>
public interface IPersonalData
{
    /// <summary>The step's name in the export and in the erasure job (stable: jobs record the steps done by name).</summary>
    string Name { get; }

    /// <summary>Erasure order: rows that lead to the person (their profile, their identity index) go last, so a resumed job can still find them.</summary>
    int Order => 0;

    /// <summary>Everything this feature holds on the subject, as JSON (null when nothing).</summary>
    Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default);

    /// <summary>Deletes the subject's rows, or anonymises them where others' records need the fact.</summary>
    Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default);
}

/// <summary>
/// The identifiers of one person across the stores, found from the Programme person and the roster person and the
/// link between them. Held by a running erasure job and dropped when it ends.
/// </summary>
/// <param name="AnonymousId">What anonymised rows carry instead of the person id: derived from the salted hash, so a resumed job writes the same rows.</param>
public sealed record PrivacySubject(
    string AnonymousId,
    string? PersonId = null,
    string? Role = null,
    string? TenantId = null,
    string? ObjectId = null,
    string? TeamsUserId = null,
    string? Mailbox = null,
    string? RosterPartition = null,
    string? RosterId = null,
    string? Login = null,
    string? FirstName = null,
    string? LastName = null,
    string? DisplayName = null)
{
    /// <summary>Every id other rows may carry for this person (programme id, roster id).</summary>
    public IEnumerable<string> PersonIds => new[] { PersonId, RosterId }.OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal);

    /// <summary>True when <paramref name="value"/> is one of the person's ids.</summary>
    public bool Is(string? value) => value is { Length: > 0 } && PersonIds.Contains(value, StringComparer.Ordinal);
}

public static class PersonalDataExtensions
{
    public static IServiceCollection AddPersonalData<T>(this IServiceCollection services)
        where T : class, IPersonalData
    {
        services.AddSingleton<IPersonalData, T>();
        return services;
    }
}
