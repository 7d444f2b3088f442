package dev.fleetgateway.module.web;

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleNotFoundException;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.module.ModuleView;


import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.fleetgateway.system.FleetException;

@WebMvcTest(ModuleController.class)
@org.springframework.context.annotation.Import(dev.fleetgateway.support.OpenSliceSecurity.class)
class ModuleControllerTests {

    static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModuleService modules;

    final ModuleView sample = new ModuleView(UUID.fromString("00000000-0000-0000-0000-000000000001"),
            "866327040123456", "Pump", ModuleKind.REAL, Map.of("site", "berlin"), Instant.EPOCH, null);

    @Test
    void createsModuleAndAnswersCreatedWithLocation() throws Exception {
        given(modules.create(any())).willReturn(sample);
        mvc.perform(post("/api/v1/modules").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"moduleKey\":\"866327040123456\",\"name\":\"Pump\",\"labels\":{\"site\":\"berlin\"}}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/modules/" + sample.id()))
                .andExpect(jsonPath("$.moduleKey").value("866327040123456"))
                .andExpect(jsonPath("$.labels.site").value("berlin"));
    }

    @Test
    void rejectsInvalidFieldsWithTheirNames() throws Exception {
        mvc.perform(post("/api/v1/modules").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"moduleKey\":\"not a key!\",\"name\":\"" + "x".repeat(200) + "\",\"labels\":{\"bad key\":\"v\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").value("Validation failed"))
                .andExpect(jsonPath("$.detail").value(containsString("moduleKey")))
                .andExpect(jsonPath("$.errors[?(@.field == 'moduleKey')].message").value(
                        "must be 1-64 characters of [0-9A-Za-z_.:-]"))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'labels[bad key]')]").exists());
    }

    @Test
    void rejectsMissingModuleKey() throws Exception {
        mvc.perform(post("/api/v1/modules").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("moduleKey"));
    }

    @Test
    void rejectsMalformedJson() throws Exception {
        mvc.perform(post("/api/v1/modules").contentType(MediaType.APPLICATION_JSON).content("{\"moduleKey\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Malformed request body"))
                .andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
    }

    @Test
    void rejectsUnknownKindValue() throws Exception {
        mvc.perform(post("/api/v1/modules").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"moduleKey\":\"k1\",\"kind\":\"TOASTER\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Malformed request body"));
    }

    @Test
    void answersNotFoundForUnknownId() throws Exception {
        given(modules.get("nope")).willThrow(new ModuleNotFoundException("nope"));
        mvc.perform(get("/api/v1/modules/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Module not found"))
                .andExpect(jsonPath("$.detail").value("No module has id or key 'nope'"));
    }

    @Test
    void answersConflictForDuplicateKey() throws Exception {
        given(modules.create(any())).willThrow(FleetException.conflict("duplicate-module-key", "Duplicate module key",
                "A module with key 'k1' already exists"));
        mvc.perform(post("/api/v1/modules").contentType(MediaType.APPLICATION_JSON).content("{\"moduleKey\":\"k1\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Duplicate module key"))
                .andExpect(jsonPath("$.detail").value("A module with key 'k1' already exists"));
    }

    @Test
    void answersUnsupportedMediaType() throws Exception {
        mvc.perform(post("/api/v1/modules").contentType(MediaType.TEXT_PLAIN).content("k1"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(415))
                .andExpect(jsonPath("$.title").value("Unsupported Media Type"));
    }

    @Test
    void answersMethodNotAllowed() throws Exception {
        mvc.perform(put("/api/v1/modules/k1").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(405))
                .andExpect(jsonPath("$.detail").value(containsString("PUT")));
    }

    @Test
    void listsWithFiltersPagingAndSort() throws Exception {
        given(modules.list(eq(ModuleKind.REAL), eq(Map.of("site", "berlin")), any()))
                .willReturn(new PageImpl<>(List.of(sample), PageRequest.of(0, 5), 1));
        mvc.perform(get("/api/v1/modules?kind=REAL&label=site:berlin&size=5&sort=moduleKey,desc"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content[0].moduleKey").value("866327040123456"))
                .andExpect(jsonPath("$.size").value(5))
                .andExpect(jsonPath("$.totalElements").value(1));
    }

    @Test
    void rejectsBadListParameters() throws Exception {
        mvc.perform(get("/api/v1/modules?sort=password"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("sort must be one of")));
        mvc.perform(get("/api/v1/modules?label=nocolon"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("key:value")));
        mvc.perform(get("/api/v1/modules?kind=TOASTER"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("kind"));
        mvc.perform(get("/api/v1/modules?size=0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
    }

    @Test
    void rejectsAnEmptySortAndAPageWhoseOffsetOverflows() throws Exception {
        for (String sort : new String[] {",", "name,", ",asc", "name,asc,"}) {
            mvc.perform(get("/api/v1/modules").param("sort", sort))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                    .andExpect(jsonPath("$.detail").value(containsString("sort")));
        }
        mvc.perform(get("/api/v1/modules?page=2147483647"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.errors[0].field").value("page"));
    }

    @Test
    void updatesNameAndLabels() throws Exception {
        given(modules.update(eq("k1"), any())).willReturn(sample);
        mvc.perform(patch("/api/v1/modules/k1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Pump\",\"labels\":{\"site\":\"berlin\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Pump"));
    }

    @Test
    void deletesWithNoContent() throws Exception {
        mvc.perform(delete("/api/v1/modules/k1")).andExpect(status().isNoContent());
    }
}
