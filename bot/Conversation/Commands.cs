using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TutorBot.Conversation;

/// <summary>A text command: the words that call it (French and English) and its line in the help card.</summary>
public interface IMessageCommand
{
    /// <summary>Keywords without accents, lower case: "seance", "session".</summary>
    IReadOnlyCollection<string> Keywords { get; }

    /// <summary>Resource key of the help line.</summary>
    string HelpKey { get; }

    /// <summary>
    /// The programme roles (<c>Features.Programme.Roles</c>) this command is for: the help lists it only to them.
    /// The command still checks who calls it.
    /// </summary>
    IReadOnlyCollection<string> ForRoles { get; }

    Task HandleAsync(TurnContext turn, CancellationToken cancellationToken);
}

public static partial class CommandText
{
    /// <summary>"<at>TutorBot</at> Séance !" → "seance": mentions, accents, case and punctuation removed.</summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var withoutMentions = MentionPattern().Replace(text, " ");
        var decomposed = withoutMentions.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase)]
    private static partial Regex MentionPattern();
}
