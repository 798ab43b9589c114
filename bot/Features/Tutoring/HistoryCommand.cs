using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// "historique": the tutor sees, per student, the pair's sessions with their logs and ratings; a long history is
/// paged, and its "older" / "newer" buttons come back here.
/// </summary>
public sealed class HistoryCommand(SessionStore sessions, ProgrammeStore programme, TutoringCards cards, Microsoft.Extensions.Localization.IStringLocalizer<TutoringStrings> strings) : IMessageCommand, ILocalisedHelp, ICardActionHandler
{
    public IReadOnlyCollection<string> Keywords { get; } = ["historique", "history"];

    public string HelpKey => "Help_History";

    public IReadOnlyCollection<string> ForRoles { get; } = [Roles.Tutor];

    public string HelpWord => strings["Help_History_Word"];

    public string HelpLine => strings["Help_History"];

    public IReadOnlyCollection<string> Verbs { get; } = [TutoringCards.Verbs.HistoryPage];

    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var tutor = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (tutor?.Role != Roles.Tutor)
        {
            await turn.SendAsync(cards.Notice("History_NotTutor"), cancellationToken);
            return;
        }

        var students = await programme.StudentsOfAsync(tutor.Id, cancellationToken);
        if (students.Count == 0)
        {
            await turn.SendAsync(cards.Notice("Session_NoStudent"), cancellationToken);
            return;
        }

        foreach (var student in students)
        {
            await turn.SendAsync(cards.History(student.DisplayName, await PairAsync(tutor, student, cancellationToken)), cancellationToken);
        }
    }

    /// <summary>Another page of one student's history, in place of the card that was pressed.</summary>
    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var tutor = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        var student = request.Get(TutoringCards.Inputs.StudentId) is { } studentId ? await programme.GetAsync(studentId, cancellationToken) : null;
        if (tutor?.Role != Roles.Tutor || student is null || student.TutorId != tutor.Id)
        {
            return CardActionResult.Replace(cards.Notice("History_NotTutor"));
        }

        var page = int.TryParse(request.Get(TutoringCards.Inputs.Page), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0;
        return CardActionResult.Replace(cards.History(student.DisplayName, await PairAsync(tutor, student, cancellationToken), page));
    }

    // One partition per student: the pair's history is one query (one tutor per student).
    private async Task<List<TutoringSession>> PairAsync(Person tutor, Person student, CancellationToken cancellationToken) =>
        (await sessions.OfStudentAsync(student.Id, cancellationToken)).Where(s => s.TutorId == tutor.Id).ToList();
}
