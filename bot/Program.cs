using TutorBot.Calendar;
using TutorBot.Conversation;
using TutorBot.Features.Legal;
using TutorBot.Features.Partners;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Welcome;
using TutorBot.Features.Workshops;
using TutorBot.Hosting;
using TutorBot.Protocol;
using TutorBot.Protocol.Auth;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;

var builder = WebApplication.CreateBuilder(args);

// Errors answer as RFC 7807 problem details.
builder.Services.AddProblemDetails();
builder.Services.AddLocalization();
builder.Services.AddSingleton(TimeProvider.System);

// Traces, metrics and logs through OpenTelemetry (Application Insights in Azure).
builder.AddTelemetry();

// The Bot Framework protocol: inbound JWT checks, the connector client and its Polly pipeline.
builder.Services.AddBotProtocol(builder.Configuration, builder.Environment);

// State: Azure Table Storage and Storage queues (Azurite locally), created before traffic.
builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
builder.Services.AddTables(Tables.Conversations);
builder.Services.AddSingleton<Tables>();
builder.Services.AddSingleton<Queues>();
builder.Services.AddSingleton<ConversationStore>();
builder.Services.AddHostedService<StorageInitializer>();

// Conversation and features.
builder.Services.AddScoped<ActivityDispatcher>();
builder.Services.AddSingleton<HelpCards>();
builder.Services.AddScoped<IMessageCommand, LanguageCommand>();
builder.Services.AddCalendar();
builder.Services.AddProgramme();
builder.Services.AddTutoring();
builder.Services.AddWorkshops();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapBotMessages();
app.MapHealth();
app.MapLegal();
app.MapCalendar();
app.MapDemo();
app.MapAddinFiles();

app.Run();

public partial class Program;
