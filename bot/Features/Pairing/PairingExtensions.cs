using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Pairing;

public static class PairingExtensions
{
    /// <summary>Priority students, tutor suggestions, pairs and their follow-up.</summary>
    public static IServiceCollection AddPairing(this IServiceCollection services)
    {
        services.AddTable(PairingKeys.Table, new(
            "tutors rows (RowKey tutor id; Name, City); t|{tutor} pair rows (StudentId, CreatedBy, EndRequestedBy, EndedBy); s|{uai} rows keyed by student id: priority marks (MarkedBy), claims and history (TutorId), follow-up (ClassName, School, DegreeTarget, FirstJob: typed text, RecordedBy); alumni rows (RowKey student id); invitations rows (CreatedBy, Title and Message: text typed by a coordinator)",
            "active pairs while active; ended pairs, history and follow-up until the follow-up ends; sent| rows 90 days; invitations 1 year",
            "student: delete marks, claims, history, follow-up and alumni rows, anonymise StudentId on the tutor's pair rows; tutor: delete the directory row, keep pair rows under an anonymous tutor id"));
        services.AddSingleton<PairingStore>();
        services.AddPersonalData<PairingPersonalData>();
        services.AddSingleton<PairingDirectory>();
        services.AddSingleton<PairingSync>();
        services.AddSingleton<PairingParties>();
        services.AddSingleton<PairingCards>();
        services.AddSingleton<PairingMessenger>();
        services.AddSingleton<PairingFollowUps>();
        services.AddSingleton<Pairings>();
        services.AddSingleton<PairingSuggestions>();
        services.AddSingleton<IOutboxHandler, PairingSyncHandler>();
        services.AddSingleton<IOutboxHandler, IntroductionHandler>();
        services.AddSingleton<IOutboxHandler, EndRequestedHandler>();
        services.AddSingleton<IOutboxHandler, EndDecisionHandler>();
        services.AddSingleton<IOutboxHandler, FollowUpHandler>();
        foreach (var kind in new[] { PairingRowKinds.Ended, PairingRowKinds.Declined })
        {
            services.AddSingleton<IOutboxHandler>(sp => ActivatorUtilities.CreateInstance<PairOutcomeHandler>(sp, kind));
        }

        services.AddScoped<ICardActionHandler, PairingActions>();
        services.AddSingleton<AlumniCards>();
        services.AddSingleton<Roster.IImportPairs, ImportPairProposals>();
        services.AddSingleton<IOutboxHandler, AlumniOfferHandler>();
        services.AddSingleton<IOutboxHandler, AlumniInviteHandler>();
        services.AddScoped<ICardActionHandler, AlumniActions>();
        return services;
    }
}
