using System.Diagnostics.CodeAnalysis;

namespace TutorBot.Conversation;

/// <summary>
/// Entra object ids (<c>aadObjectId</c>), the identity every "is this that person?" check compares. An absent or
/// empty id is nobody: it never matches, not even another absent id, and nothing is stored or looked up under it.
/// </summary>
public static class ObjectIds
{
    /// <summary>True only when both ids are present and equal.</summary>
    public static bool Same(string? a, string? b) =>
        Usable(a) is not null && Usable(b) is not null && string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>The id, or null when it is absent or blank (a guest, a bot, a person imported without one).</summary>
    public static string? Usable(string? id) => string.IsNullOrWhiteSpace(id) ? null : id;

    /// <summary>True when the id is absent or blank: it identifies nobody.</summary>
    public static bool Missing([NotNullWhen(false)] string? id) => string.IsNullOrWhiteSpace(id);
}
