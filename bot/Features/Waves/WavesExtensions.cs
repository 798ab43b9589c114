using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Waves;

public static class WavesExtensions
{
    /// <summary>Reminder waves: the store, the audience, the outbox kinds of cards, nudges and progress, the API's services, the compose card.</summary>
    public static IServiceCollection AddWaves(this IServiceCollection services)
    {
        services.AddTable(WaveStore.Table, new(
            "waves rows: CreatedBy (person id), Title and Message and Answers (free text typed by a coordinator or referent); w|{wave} rows keyed by recipient person id with Role, SchoolId, Roster (roster partition), State, Reason, SentUtc, ActivityId, Answer, AnsweredUtc, NudgeState, NudgedUtc; the progress row (the sender's ActivityId)",
            "meant to live the school year plus Privacy:SchoolYearRetention; the retention job deletes a wave and its recipient rows once the school year it was created in is past Privacy:SchoolYearRetention",
            "recipient rows re-keyed to the anonymous id (Roster and ActivityId cleared; counts kept); CreatedBy anonymised"));
        services.AddPersonalData<WavesPersonalData>();
        services.AddSingleton<WaveStore>();
        services.AddSingleton<WavePeople>();
        services.AddSingleton<WaveProgressCache>();
        services.AddSingleton<WaveComposer>();
        services.AddSingleton<WaveMessenger>();
        services.AddSingleton<IOutboxHandler, WaveExpandHandler>();
        services.AddSingleton<IOutboxHandler, WaveCardHandler>();
        services.AddSingleton<IOutboxHandler, WaveNudgeHandler>();
        services.AddSingleton<IOutboxHandler, WaveProgressHandler>();
        services.AddScoped<ICardActionHandler, WaveActions>();
        services.AddScoped<IMessageCommand, WaveCommand>();
        return services;
    }
}
