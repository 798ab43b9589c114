using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Tutoring;

/// <summary>"historique": the tutor sees, per student, the pair's sessions with their logs and ratings.</summary>
public sealed class HistoryCommand(SessionStore sessions, ProgrammeStore programme, TutoringCards cards, Microsoft.Extensions.Localization.IStringLocalizer<TutoringStrings> strings) : IMessageCommand, ILocalisedHelp
{
    public IReadOnlyCollection<string> Keywords { get; } = ["historique", "history"];

    public string HelpKey => "Help_History";

    public string HelpWord => strings["Help_History_Word"];

    public string HelpLine => strings["Help_History"];

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
            // One partition per student: the pair's history is one query (one tutor per student).
            var pair = (await sessions.OfStudentAsync(student.Id, cancellationToken)).Where(s => s.TutorId == tutor.Id).ToList();
            await turn.SendAsync(cards.History(student.DisplayName, pair), cancellationToken);
        }
    }
}
