using System.Globalization;
using System.Text;

namespace TutorBot.Features.Waves;

/// <summary>
/// A wave's outcome per recipient as CSV for Excel (French Excel reads <c>;</c>): the opaque person id, role, school,
/// state, reason, the Paris time the card went out and the answer; no names. A cell a spreadsheet would run as a
/// formula (=, +, -, @, tab, CR, LF) is prefixed with an apostrophe; quotes are doubled.
/// </summary>
public static class WaveCsv
{
    public static readonly string[] Header = ["person", "role", "school", "state", "reason", "sent_paris", "answer", "nudged"];

    public static string Write(Wave wave, IEnumerable<WaveRecipient> recipients, string language)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(';', Header)).Append("\r\n");
        foreach (var r in recipients.OrderBy(r => r.PersonId, StringComparer.Ordinal))
        {
            var state = wave.State == WaveStates.Cancelled && r.State == RecipientStates.Queued ? RecipientStates.Cancelled
                : r.State == RecipientStates.Queued ? "queued" : r.State;
            string?[] cells =
            [
                r.PersonId, r.Role, r.SchoolId, state, r.Reason,
                r.SentUtc is { } at ? Conversation.Culture.ToParis(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null,
                wave.AnswerAt(r.Answer)?.For(language),
                r.NudgeState == RecipientStates.Sent ? "yes" : null,
            ];
            csv.Append(string.Join(';', cells.Select(Cell))).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>One cell: formula-looking text neutralised, then quoted when it holds a separator, a quote or a line break.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([';', '"', '\r', '\n', ',']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
