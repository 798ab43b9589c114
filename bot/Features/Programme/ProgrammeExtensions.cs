using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Programme;

public static class ProgrammeExtensions
{
    public static IServiceCollection AddProgramme(this IServiceCollection services)
    {
        services.AddOptions<ProgrammeOptions>().BindConfiguration(ProgrammeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTable(Tables.Programme, new(
            "people rows: RowKey person id, DisplayName (name), AadObjectId, TeamsUserId, Mailbox, TutorId; aad index rows (object id -> person id); org, school and class rows name nobody",
            "while the person is in the programme; removed by erasure",
            "delete the person and their aad index row; students whose TutorId is the person lose it"));
        services.AddMemoryCache();
        services.AddSingleton<ProgrammeStore>();
        services.AddSingleton<TutorBot.Conversation.ISenderDirectory, ProgrammeSenders>();
        services.AddPersonalData<ProgrammePersonalData>();
        return services;
    }
}
