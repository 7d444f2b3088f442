package dev.fleetgateway.outbox.web;

import dev.fleetgateway.outbox.BatchSender;
import dev.fleetgateway.outbox.ModuleSender;
import dev.fleetgateway.outbox.OutboxProperties;
import dev.fleetgateway.outbox.OutboxState;
import dev.fleetgateway.outbox.OutboxStore;
import dev.fleetgateway.outbox.OutboxView;
import dev.fleetgateway.outbox.SendOptions;
import dev.fleetgateway.outbox.SendOutcome;




import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.fleetgateway.module.ModuleNotFoundException;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.session.SendException;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.web.Problems;
import dev.fleetgateway.system.ApiProperties;

/** Error cases and answer shapes of the send, batch and outbox endpoints, with the services mocked. */
@WebMvcTest(controllers = { SendController.class, BatchSendController.class, OutboxController.class },
        properties = { "gateway.api.max-payload=16B", "gateway.outbox.max-batch=3", "gateway.outbox.max-ttl=1h" })
@EnableConfigurationProperties({ ApiProperties.class, OutboxProperties.class })
@org.springframework.context.annotation.Import(dev.fleetgateway.support.OpenSliceSecurity.class)
class OutboxControllersTests {

    static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
    static final String SEND = "/api/v1/modules/k1/send";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModuleSender sender;

    @MockitoBean
    BatchSender batch;

    @MockitoBean
    OutboxStore store;

    @MockitoBean
    ModuleService modules;

    private org.springframework.test.web.servlet.ResultActions postJson(String path, String json) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void answersSentOnceFlushed() throws Exception {
        given(sender.send(eq("k1"), any(), any())).willReturn(CompletableFuture.completedFuture(
                SendOutcome.sent(5, "s-1")));
        MvcResult started = postJson(SEND, "{\"data\":\"hello\"}").andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sent").value(5))
                .andExpect(jsonPath("$.sessionId").value("s-1"));
    }

    @Test
    void answersAcceptedWithLocationWhenQueued() throws Exception {
        UUID id = UUID.randomUUID();
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        OutboxView view = new OutboxView(id, "k1", OutboxState.QUEUED, 2, Instant.EPOCH, expires, null, null, null,
                0, null);
        given(sender.send(eq("k1"), any(), eq(new SendOptions(true, java.time.Duration.ofMinutes(10)))))
                .willReturn(CompletableFuture.completedFuture(SendOutcome.queued(view)));
        MvcResult started = postJson(SEND + "?ttl=10m", "{\"data\":\"0102\",\"encoding\":\"hex\"}").andReturn();
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/v1/outbox/" + id))
                .andExpect(jsonPath("$.messageId").value(id.toString()))
                .andExpect(jsonPath("$.state").value("QUEUED"))
                .andExpect(jsonPath("$.expiresAt").value("2030-01-01T00:00:00Z"));
    }

    @Test
    void rejectsBadHexBase64AndEncodingName() throws Exception {
        postJson(SEND, "{\"data\":\"0g\",\"encoding\":\"hex\"}").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Invalid hex data"));
        postJson(SEND, "{\"data\":\"@@@\",\"encoding\":\"base64\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid base64 data"));
        postJson(SEND, "{\"data\":\"x\",\"encoding\":\"rot13\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Unknown encoding"));
        postJson(SEND, "{\"encoding\":\"text\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("data"));
        verify(sender, never()).send(anyString(), any(), any());
    }

    @Test
    void rejectsBadOrTooLongTtl() throws Exception {
        postJson(SEND + "?ttl=soon", "{\"data\":\"x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ttl"));
        postJson(SEND + "?ttl=0s", "{\"data\":\"x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("positive")));
        postJson(SEND + "?ttl=2h", "{\"data\":\"x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(Problems.TYPE_BASE + "ttl-too-long"));
    }

    @Test
    void answersNotFoundForUnknownModule() throws Exception {
        given(sender.send(eq("nope"), any(), any())).willThrow(new ModuleNotFoundException("nope"));
        postJson("/api/v1/modules/nope/send", "{\"data\":\"x\"}").andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Module not found"));
    }

    @Test
    void answersConflictWhenOfflineWithoutQueue() throws Exception {
        given(sender.send(eq("k1"), any(), eq(SendOptions.NOW_ONLY))).willThrow(ModuleSender.offline("k1"));
        postJson(SEND, "{\"data\":\"x\"}").andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.type").value(Problems.TYPE_BASE + "module-offline"))
                .andExpect(jsonPath("$.moduleKey").value("k1"));
    }

    @Test
    void answersTooManyRequestsWhenOutboxFull() throws Exception {
        given(sender.send(eq("k1"), any(), any())).willThrow(new FleetException(FleetException.Kind.TOO_MANY,
                "outbox-full", "Outbox full", "full"));
        postJson(SEND + "?queue=true", "{\"data\":\"x\"}").andExpect(status().isTooManyRequests())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Outbox full"));
    }

    @Test
    void mapsSendFailuresToProblems() throws Exception {
        given(sender.send(eq("k1"), any(), any())).willReturn(CompletableFuture.failedFuture(
                new SendException(SendException.Failure.FAILED, Errno.ECONNRESET, "Send failed: reset")));
        MvcResult started = postJson(SEND, "{\"data\":\"x\"}").andReturn();
        mvc.perform(asyncDispatch(started)).andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.errno").value(104));
    }

    @Test
    void refusesPayloadsOverTheLimit() throws Exception {
        postJson(SEND, "{\"data\":\"" + "x".repeat(17) + "\"}").andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
        mvc.perform(post(SEND).contentType(MediaType.APPLICATION_OCTET_STREAM).content(new byte[17]))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value(Problems.TYPE_BASE + "payload-too-large"));
        verify(sender, never()).send(anyString(), any(), any());
    }

    @Test
    void takesRawBytesAsIs() throws Exception {
        byte[] raw = { 0, (byte) 0xff, 13, 10 };
        given(sender.send(eq("k1"), eq(raw), any())).willReturn(CompletableFuture.completedFuture(
                SendOutcome.sent(4, "s-1")));
        MvcResult started = mvc.perform(post(SEND).contentType(MediaType.APPLICATION_OCTET_STREAM).content(raw))
                .andReturn();
        mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andExpect(jsonPath("$.sent").value(4));
    }

    @Test
    void refusesOtherMediaTypesAndMalformedJson() throws Exception {
        mvc.perform(post(SEND).contentType(MediaType.TEXT_PLAIN).content("hi"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM));
        postJson(SEND, "{\"data\":").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Malformed request body"));
    }

    @Test
    void refusesBatchesOverTheLimitOrWithoutOneSelector() throws Exception {
        postJson("/api/v1/modules/send", "{\"moduleKeys\":[\"a\",\"b\",\"c\",\"d\"],\"data\":\"x\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(Problems.TYPE_BASE + "batch-too-large"))
                .andExpect(jsonPath("$.limit").value(3));
        postJson("/api/v1/modules/send", "{\"moduleKeys\":[\"a\"],\"labels\":{\"site\":\"x\"},\"data\":\"x\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("exactly one")));
        postJson("/api/v1/modules/send", "{\"labels\":{},\"data\":\"x\"}").andExpect(status().isBadRequest());
        verify(batch, never()).send(any(), any(), any());
    }

    @Test
    void answersConflictWhenCancellingASettledMessage() throws Exception {
        UUID id = UUID.randomUUID();
        org.mockito.BDDMockito.willThrow(FleetException.conflict("outbox-not-queued", "Message not queued", "delivered"))
                .given(store).cancel(id);
        mvc.perform(delete("/api/v1/outbox/" + id)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Message not queued"));
        mvc.perform(get("/api/v1/outbox/not-a-uuid")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/modules/k1/outbox?state=LOST")).andExpect(status().isBadRequest());
    }
}
