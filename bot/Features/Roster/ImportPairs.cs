using System.Globalization;

namespace TutorBot.Features.Roster;

/// <summary>
/// A student row of an import that names a tutor, as the pairing rules judge it: <c>proposed</c> (to confirm once
/// imported), <c>alreadyPaired</c> (that pair is active), or a refusal (<c>studentTaken</c>, <c>tutorFull</c>,
/// <c>notTrained</c>, <c>notATutor</c>) with its message; by the line of the file.
/// </summary>
public sealed record ImportPair(int Line, string StudentId, string StudentName, string SchoolUai, string TutorId, string TutorName, string Outcome, string? Message);

/// <summary>
/// The seam through which an import's dry run asks the pairing feature what the <c>tuteur</c> column would make
/// (Roster does not depend on Pairing; Pairing registers the implementation). Nothing is written.
/// </summary>
public interface IImportPairs
{
    Task<IReadOnlyList<ImportPair>> ProposeAsync(RosterPlan plan, CultureInfo culture, CancellationToken cancellationToken);
}
