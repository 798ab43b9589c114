using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Partners;

/// <summary>Partner communication: agreement obligations, logos, and the Outlook add-in's API (issue 13).</summary>
public static class PartnersExtensions
{
    public static IServiceCollection AddPartners(this IServiceCollection services)
    {
        services.AddTable(PartnersKeys.Table, new(
            "insertion rows: PersonId (roster person id) of who inserted a mention; obligations, logos and grants name nobody",
            "insertion rows are the partner's proof of mention: kept for the agreement's term",
            "insertion rows of the person keep the fact with PersonId anonymised"));
        services.AddPersonalData<PartnersPersonalData>();
        services.AddContainer(PartnersKeys.LogoContainer, PersonalData.None("logo files of partner organisations, kept while they are partners"));
        services.AddOptions<PartnersOptions>().BindConfiguration(PartnersOptions.Section)
            .Validate(o => o.LogoMaxBytes > 0 && o.LogoMaxWidth > 0 && o.LogoMaxHeight > 0 && o.MentionMaxLength > 0, "Partners:* limits must be positive.")
            .ValidateOnStart();
        services.AddSingleton<PartnersStore>();
        services.AddSingleton<LogoBlobs>();
        services.AddSingleton<AddinViews>();
        services.AddHostedService<PartnersSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapPartners(this IEndpointRouteBuilder routes)
    {
        routes.MapPartnersApi();
        routes.MapAddinApi();
        return routes;
    }
}
